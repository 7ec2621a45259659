/**
 * StockCodes of the Online Retail data that are not products but charges or corrections on an invoice.
 * Found by listing every StockCode that is not 5 digits (+ optional letters) in the two bundled subsets,
 * plus the oddities of the full UCI data set (`PADS`, `B` "Adjust bad debt", `CRUK`, gift vouchers) and the
 * numeric `23444` "Next Day Carriage". `DCGS…` codes (e.g. `DCGS0076 SUNJAR LED NIGHT NIGHT LIGHT`,
 * `DCGSSGIRL GIRLS PARTY BAG`) are real products sold through the dotcom shop and stay products.
 */

/** What a service code is: a charge to the customer, a manual correction, or a gift voucher. */
export type ServiceKind = 'fee' | 'adjustment' | 'voucher';

/** Description of one service code. */
export interface ServiceCode {
  /** Normalised (upper-case) StockCode. */
  code: string;
  kind: ServiceKind;
  /** Human label, used when the row has no Description. */
  label: string;
}

const CODES: readonly ServiceCode[] = [
  { code: 'POST', kind: 'fee', label: 'Postage' },
  { code: 'DOT', kind: 'fee', label: 'Dotcom postage' },
  { code: 'C2', kind: 'fee', label: 'Carriage' },
  { code: 'AMAZONFEE', kind: 'fee', label: 'Amazon fee' },
  { code: 'BANK CHARGES', kind: 'fee', label: 'Bank charges' },
  { code: 'CRUK', kind: 'fee', label: 'CRUK commission' },
  // A numeric code, but "Next Day Carriage" (15.00 / 30.00): a delivery charge, not merchandise.
  { code: '23444', kind: 'fee', label: 'Next day carriage' },
  { code: 'M', kind: 'adjustment', label: 'Manual' },
  { code: 'D', kind: 'adjustment', label: 'Discount' },
  { code: 'S', kind: 'adjustment', label: 'Samples' },
  { code: 'B', kind: 'adjustment', label: 'Adjust bad debt' },
  { code: 'PADS', kind: 'adjustment', label: 'Pads to match all cushions' },
];

const BY_CODE = new Map(CODES.map((c) => [c.code, c]));
/** Gift vouchers: `gift_0001_10` … `gift_0001_50` (the last number is the face value in pounds). */
const GIFT_VOUCHER = /^GIFT_\d{4}_\d+$/;

/** The list of fixed service codes (gift vouchers are matched by pattern, see {@link serviceCode}). */
export const SERVICE_CODES: readonly ServiceCode[] = CODES;

/**
 * The service code a normalised SKU stands for, or undefined when it is a product.
 * Matching is on the upper-cased StockCode, so `m` is `M` and `gift_0001_40` is a voucher.
 */
export function serviceCode(sku: string): ServiceCode | undefined {
  const known = BY_CODE.get(sku);
  if (known) return known;
  if (GIFT_VOUCHER.test(sku)) return { code: sku, kind: 'voucher', label: 'Gift voucher' };
  return undefined;
}
