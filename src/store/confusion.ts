/** Confusion matrix and per-class precision/recall from validation labels and predictions. */
export interface ClassReport {
  /** matrix[trueClass][predictedClass] = count */
  matrix: number[][];
  precision: number[];
  recall: number[];
}

export function classReport(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number): ClassReport {
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) matrix[labels[i]][predictions[i]]++;
  const precision = matrix.map((_, c) => {
    const predicted = matrix.reduce((sum, row) => sum + row[c], 0);
    return predicted > 0 ? matrix[c][c] / predicted : 0;
  });
  const recall = matrix.map((row, c) => {
    const actual = row.reduce((a, b) => a + b, 0);
    return actual > 0 ? row[c] / actual : 0;
  });
  return { matrix, precision, recall };
}
