import { jacobianClampPlugin } from './plugin';

export default jacobianClampPlugin;
export { jacobianClampPlugin };
export { jacobianClampPenalty, parsePenaltyOptions, type JacobianClampPenalty } from './jacobianClampPenalty';
export { drawPerturbation, type NormalSource } from './perturbation';
export { rowNorms } from './rowNorms';
export {
  jacobianClampOptionsSchema,
  penaltyOptionsSchema,
  type JacobianClampOptions,
  type JacobianClampOptionsInput,
  type PenaltyOptions,
} from './options';
