import type * as tf from '@tensorflow/tfjs-core';
import type { ConvShape } from '@gancond/native-kernels';
import { convGeometry } from '../../convGeometry';

/** The native kernels' view of a conv: NHWC, dilation 1, padding given by its top and left. */
export function nativeConvShape(info: tf.backend_util.Conv2DInfo): ConvShape {
  const g = convGeometry(info);
  return { N: g.n, H: g.ih, W: g.iw, Ci: g.ci, KH: g.kh, KW: g.kw, Co: g.co, sh: g.sh, sw: g.sw, pt: g.top, pl: g.left, Ho: g.oh, Wo: g.ow };
}

/** Whether the native kernels can run a conv with these settings (else the XNNPACK path runs). */
export function nativeConvSupported(dataFormat: string | undefined, dilations: number | [number, number] | undefined, ...dtypes: string[]): boolean {
  const d = dilations ?? 1;
  const unitDilation = Array.isArray(d) ? d[0] === 1 && d[1] === 1 : d === 1;
  return dataFormat !== 'NCHW' && unitDilation && dtypes.every((t) => t === 'float32');
}
