/** A loss became NaN or infinite: the run stops, keeping its last good checkpoint. */
export class TrainingDivergedError extends Error {
  override readonly name = 'TrainingDivergedError';
  constructor(
    readonly step: number,
    readonly losses: Record<string, number>,
  ) {
    const bad = Object.entries(losses)
      .filter(([, v]) => !Number.isFinite(v))
      .map(([name, v]) => `${name} is ${v}`)
      .join(', ');
    super(`training diverged at step ${step}: ${bad}`);
  }
}
