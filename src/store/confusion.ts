/** Confusion matrix and per-class precision/recall from validation labels and predictions. */
export interface ClassReport {
  /** matrix[trueClass][predictedClass] = count */
  matrix: number[][];
  precision: number[];
  recall: number[];
}

/** A label or prediction outside 0..numClasses-1 is not counted. */
export function classReport(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number): ClassReport {
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < Math.min(labels.length, predictions.length); i++) {
    const row = matrix[labels[i] ?? -1];
    const predicted = predictions[i] ?? -1;
    if (row && predicted >= 0 && predicted < numClasses) row[predicted] = (row[predicted] ?? 0) + 1;
  }
  const precision = matrix.map((_, c) => {
    const predicted = matrix.reduce((sum, row) => sum + (row[c] ?? 0), 0);
    return predicted > 0 ? (matrix[c]?.[c] ?? 0) / predicted : 0;
  });
  const recall = matrix.map((row, c) => {
    const actual = row.reduce((a, b) => a + b, 0);
    return actual > 0 ? (row[c] ?? 0) / actual : 0;
  });
  return { matrix, precision, recall };
}
