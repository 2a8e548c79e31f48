import type { ShapeClass } from './shapes';

const { abs, hypot, atan2, cos } = Math;

/**
 * The built-in backbone's pretraining task: ten shapes, none of them one of the sample dataset's five
 * (circle, square, triangle, cross, ring), drawn with the same colours, textures and poses. What the
 * backbone learns (edges, corners, curvature, ignoring colour and texture) is what transfers.
 */
export const PRETRAIN_SHAPES: readonly ShapeClass[] = [
  { name: 'star', inside: (u, v) => hypot(u, v) <= 0.45 + 0.55 * ((1 + cos(5 * atan2(v, u))) / 2) ** 1.5 },
  { name: 'hexagon', inside: (u, v) => Math.max(abs(u) * 0.866 + abs(v) * 0.5, abs(v)) <= 0.9 },
  { name: 'ellipse', inside: (u, v) => u * u + (v / 0.5) ** 2 <= 1 },
  { name: 'crescent', inside: (u, v) => hypot(u, v) <= 1 && hypot(u - 0.45, v) > 0.8 },
  { name: 'diamond', inside: (u, v) => abs(u) + abs(v) / 0.55 <= 1 },
  { name: 'half-disc', inside: (u, v) => hypot(u, v) <= 1 && v >= 0 },
  { name: 'arrow', inside: (u, v) => (u >= -1 && u <= 0.2 && abs(v) <= 0.22) || (u > 0.2 && u <= 1 && abs(v) <= (1 - u) * 1.1) },
  { name: 'L', inside: (u, v) => (u >= -0.8 && u <= -0.3 && abs(v) <= 0.9) || (v >= 0.4 && v <= 0.9 && abs(u) <= 0.8) },
  { name: 'T', inside: (u, v) => (abs(u) <= 0.9 && v >= 0.5 && v <= 0.9) || (abs(u) <= 0.25 && abs(v) <= 0.9) },
  { name: 'frame', inside: (u, v) => abs(u) <= 0.85 && abs(v) <= 0.85 && !(abs(u) <= 0.5 && abs(v) <= 0.5) },
];
