import { notFound } from '../../platform/errors.js';

/** Stable error codes of the search module. */
export const SearchErrors = {
  /** 404: the `category` filter is neither the id nor the slug of a known category. */
  UNKNOWN_CATEGORY: 'SEARCH.UNKNOWN_CATEGORY',
} as const;

/** 404 `SEARCH.UNKNOWN_CATEGORY` for the `category` filter value `category`. */
export const unknownCategory = (category: string) =>
  notFound(SearchErrors.UNKNOWN_CATEGORY, `No category has the id or slug "${category}"`);
