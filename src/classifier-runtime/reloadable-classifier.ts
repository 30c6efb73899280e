import type { Classification, Classifier, ClassifyInput } from '../types.js';

/**
 * A classifier whose rules and model can be swapped while ingest runs: the admin pages call
 * `reload()` after a rule override or a model activation, and the next item is classified by the
 * new version. A failed reload keeps the previous classifier.
 */
export class ReloadableClassifier implements Classifier {
  private constructor(
    private inner: Classifier,
    private readonly load: () => Promise<Classifier>,
  ) {}

  static async create(load: () => Promise<Classifier>): Promise<ReloadableClassifier> {
    return new ReloadableClassifier(await load(), load);
  }

  get version(): string {
    return this.inner.version;
  }

  classify(input: ClassifyInput): Classification | null {
    return this.inner.classify(input);
  }

  async reload(): Promise<void> {
    this.inner = await this.load();
  }
}
