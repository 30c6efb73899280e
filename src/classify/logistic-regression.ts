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

/**
 * Binary L2-regularised logistic regression on sparse features, minimised with L-BFGS (m = 8,
 * backtracking Armijo line search). Deterministic: the same data always gives the same model.
 */
export function trainLogisticRegression(xs: SparseVector[], ys: ArrayLike<number>, dim: number, opts: LogRegOptions): LogRegResult {
  const n = xs.length;
  const positives = Array.from(ys).filter((y) => y === 1).length;
  const pw = opts.positiveWeight === 'balanced' ? (positives > 0 ? (n - positives) / positives : 1) : (opts.positiveWeight ?? 1);
  const lambda = 1 / (opts.c * Math.max(1, n));
  const size = dim + 1; // last component is the bias
  const z = new Float64Array(n);

  const evaluate = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const b = theta[dim];
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      let s = b;
      for (let k = 0; k < x.idx.length; k++) s += theta[x.idx[k]] * x.val[k];
      z[i] = s;
      const y = ys[i];
      const wi = y === 1 ? pw : 1;
      loss += wi * (log1pExp(s) - y * s);
      const r = (wi * (sigmoid(s) - y)) / n;
      for (let k = 0; k < x.idx.length; k++) grad[x.idx[k]] += r * x.val[k];
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

  const m = 8;
  const maxIter = opts.maxIterations ?? 300;
  const tol = opts.tolerance ?? 1e-6;
  let theta = new Float64Array(size);
  let grad = new Float64Array(size);
  let f = evaluate(theta, grad);
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const rhoHist: number[] = [];
  const alpha = new Float64Array(m);
  const dir = new Float64Array(size);
  const nextTheta = new Float64Array(size);
  let nextGrad = new Float64Array(size);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    if (maxAbs(grad) < tol) break;
    // Two-loop recursion: dir = -H·grad.
    dir.set(grad);
    for (let k = sHist.length - 1; k >= 0; k--) {
      alpha[k] = rhoHist[k] * dotDense(sHist[k], dir);
      axpy(-alpha[k], yHist[k], dir);
    }
    if (sHist.length > 0) {
      const last = sHist.length - 1;
      const gamma = dotDense(sHist[last], yHist[last]) / dotDense(yHist[last], yHist[last]);
      for (let j = 0; j < size; j++) dir[j] *= gamma;
    } else {
      const g = Math.sqrt(dotDense(grad, grad));
      for (let j = 0; j < size; j++) dir[j] /= g;
    }
    for (let k = 0; k < sHist.length; k++) {
      const beta = rhoHist[k] * dotDense(yHist[k], dir);
      axpy(alpha[k] - beta, sHist[k], dir);
    }
    for (let j = 0; j < size; j++) dir[j] = -dir[j];
    let slope = dotDense(grad, dir);
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      sHist.length = yHist.length = rhoHist.length = 0;
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
    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      s[j] = nextTheta[j] - theta[j];
      y[j] = nextGrad[j] - grad[j];
    }
    const sy = dotDense(s, y);
    if (sy > 1e-12) {
      if (sHist.length === m) {
        sHist.shift();
        yHist.shift();
        rhoHist.shift();
      }
      sHist.push(s);
      yHist.push(y);
      rhoHist.push(1 / sy);
    }
    const converged = Math.abs(f - fNext) <= 1e-9 * Math.max(1, Math.abs(f));
    theta = Float64Array.from(nextTheta);
    [grad, nextGrad] = [nextGrad, grad];
    f = fNext;
    if (converged) break;
  }
  return { weights: theta.subarray(0, dim).slice(), bias: theta[dim], iterations: iter, loss: f };
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
