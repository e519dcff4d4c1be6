import { inceptionPlugin } from './plugin';

export default inceptionPlugin;
/**
 * Also under core's alternative name `plugin`: core's loader, importing this CommonJS
 * build, sees `default` as the whole exports object, but finds `plugin`.
 */
export { inceptionPlugin as plugin };
export { inceptionScore, checkProbabilities, type InceptionScore } from './inceptionScore';
export { collectProbabilities } from './classProbabilities';
export { loadProbabilitySource, type ProbabilitySource, type ScoreSourceOptions } from './scoreSource';
export { registerIsCommand, runIsCommand } from './isCommand';
export { inceptionOptionsSchema, type InceptionOptions, type InceptionOptionsInput } from './options';
