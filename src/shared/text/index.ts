/**
 * @module shared/text
 * Public surface: the Unicode folds shared by the gateway's name clash rule and the registry's
 * look-alike names.
 */
export { caseFold, stripInvisible, tr39Skeleton } from './unicode-fold.js';
