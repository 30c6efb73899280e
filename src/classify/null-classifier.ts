import type { Classifier } from '../types.js';

/** Used until a real classifier is configured: every item is stored honestly as unclassified. */
export class NullClassifier implements Classifier {
  readonly version = 'none';
  classify(): null {
    return null;
  }
}
