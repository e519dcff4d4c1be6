/** commander option parser for repeatable options: `--set a=1 --set b=2` -> ['a=1', 'b=2']. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
