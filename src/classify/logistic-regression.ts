import type { SparseVector } from './sparse.js';

export interface LogRegOptions {
  /** Inverse regularisation strength, as in scikit-learn (loss summed over examples + ½‖w‖² / C). */
  c: number;
  maxIterations?: number;
  /** Stop when the gradient's largest component falls below this. */
  tolerance?: number;
  /** Weight of positive examples relative to negatives ("balanced" = negatives / positives). */
  positiveWeight?: number | 'balanced';
}

export interface LogRegResult {
  weights: Float64Array;
  bias: number;
  iterations: number;
  loss: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const log1pExp = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** Binary L2-regularised logistic regression on sparse features (see trainLogisticRegressions). */
export function trainLogisticRegression(xs: SparseVector[], ys: ArrayLike<number>, dim: number, opts: LogRegOptions): LogRegResult {
  return trainLogisticRegressions(xs, [ys], dim, opts)[0];
}

/**
 * One-vs-rest: one binary L2-regularised logistic regression per target over the same sparse
 * features, each minimised on its own with L-BFGS (m = 8, backtracking Armijo line search); a joint
 * minimisation converges more slowly. Deterministic: the same data always gives the same model.
 */
export function trainLogisticRegressions(xs: SparseVector[], targets: ArrayLike<number>[], dim: number, opts: LogRegOptions): LogRegResult[] {
  const n = xs.length;
  const lambda = 1 / (opts.c * Math.max(1, n));
  return targets.map((ys) => {
    const positives = Array.from(ys).filter((y) => y === 1).length;
    const pw = opts.positiveWeight === 'balanced' ? (positives > 0 ? (n - positives) / positives : 1) : (opts.positiveWeight ?? 1);
    const evaluate = (theta: Float64Array, grad: Float64Array): number => {
      grad.fill(0);
      let loss = 0;
      const b = theta[dim];
      for (let i = 0; i < n; i++) {
        const { idx, val } = xs[i];
        let z = b;
        for (let k = 0; k < idx.length; k++) z += theta[idx[k]] * val[k];
        const y = ys[i];
        const w = y === 1 ? pw : 1;
        loss += w * (log1pExp(z) - y * z);
        const r = (w * (sigmoid(z) - y)) / n;
        for (let k = 0; k < idx.length; k++) grad[idx[k]] += r * val[k];
        grad[dim] += r;
      }
      loss /= n;
      let reg = 0;
      for (let j = 0; j < dim; j++) {
        reg += theta[j] * theta[j];
        grad[j] += lambda * theta[j];
      }
      return loss + 0.5 * lambda * reg;
    };
    const { theta, iterations, loss } = minimize(evaluate, dim + 1, opts.maxIterations ?? 300, opts.tolerance ?? 1e-6);
    return { weights: theta.slice(0, dim), bias: theta[dim], iterations, loss };
  });
}

/** L-BFGS from zero; stops on a small gradient or a relative loss change below 1e-6. */
function minimize(evaluate: (theta: Float64Array, grad: Float64Array) => number, size: number, maxIter: number, tol: number) {
  const m = 8;
  let theta = new Float64Array(size);
  let grad = new Float64Array(size);
  let f = evaluate(theta, grad);
  // Correction pairs live in a ring of preallocated buffers (no allocation per iteration).
  const sBuf = Array.from({ length: m }, () => new Float64Array(size));
  const yBuf = Array.from({ length: m }, () => new Float64Array(size));
  const rho = new Float64Array(m);
  let stored = 0;
  let head = 0; // next slot to write
  const slot = (k: number) => (head - stored + k + m) % m; // k-th oldest stored pair
  const alpha = new Float64Array(m);
  const dir = new Float64Array(size);
  let nextTheta = new Float64Array(size);
  let nextGrad = new Float64Array(size);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    if (maxAbs(grad) < tol) break;
    // Two-loop recursion: dir = -H·grad.
    dir.set(grad);
    for (let k = stored - 1; k >= 0; k--) {
      const q = slot(k);
      alpha[k] = rho[q] * dotDense(sBuf[q], dir);
      axpy(-alpha[k], yBuf[q], dir);
    }
    if (stored > 0) {
      const q = slot(stored - 1);
      const gamma = dotDense(sBuf[q], yBuf[q]) / dotDense(yBuf[q], yBuf[q]);
      for (let j = 0; j < size; j++) dir[j] *= gamma;
    } else {
      const g = Math.sqrt(dotDense(grad, grad));
      for (let j = 0; j < size; j++) dir[j] /= g;
    }
    for (let k = 0; k < stored; k++) {
      const q = slot(k);
      const beta = rho[q] * dotDense(yBuf[q], dir);
      axpy(alpha[k] - beta, sBuf[q], dir);
    }
    for (let j = 0; j < size; j++) dir[j] = -dir[j];
    let slope = dotDense(grad, dir);
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      stored = 0;
      for (let j = 0; j < size; j++) dir[j] = -grad[j];
      slope = dotDense(grad, dir);
    }
    let step = 1;
    let fNext = 0;
    for (let tries = 0; ; tries++) {
      for (let j = 0; j < size; j++) nextTheta[j] = theta[j] + step * dir[j];
      fNext = evaluate(nextTheta, nextGrad);
      if (fNext <= f + 1e-4 * step * slope || tries >= 30) break;
      step *= 0.5;
    }
    const sv = sBuf[head];
    const yv = yBuf[head];
    for (let j = 0; j < size; j++) {
      sv[j] = nextTheta[j] - theta[j];
      yv[j] = nextGrad[j] - grad[j];
    }
    const sy = dotDense(sv, yv);
    if (sy > 1e-12) {
      rho[head] = 1 / sy;
      head = (head + 1) % m;
      stored = Math.min(m, stored + 1);
    }
    const converged = Math.abs(f - fNext) <= 1e-6 * Math.max(1, Math.abs(f));
    [theta, nextTheta] = [nextTheta, theta];
    [grad, nextGrad] = [nextGrad, grad];
    f = fNext;
    if (converged) break;
  }
  return { theta, iterations: iter, loss: f };
}

export function logistic(z: number): number {
  return sigmoid(z);
}

function dotDense(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < y.length; j++) y[j] += a * x[j];
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j]));
  return m;
}
