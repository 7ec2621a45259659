/** The fields of a postal address (names, street, town, region, postal code, country, phone), shared by the address book and the checkout. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, SelectField } from '../../ui';
import { ApiError, type Address } from '../../lib/api';
import { countryName } from '../../lib/address';
import { COUNTRIES } from '../checkout/countries';

/** Countries whose addresses need a region (state, province): the server refuses them without one. */
const REGION_REQUIRED = new Set(['US', 'CA', 'AU', 'BR', 'MX', 'IN']);

/**
 * The address inputs, each labelled, with browser autofill names. `onCountry` is told a new
 * country (the checkout re-prices shipping); the other changes go through `onChange`.
 * `errors` maps a field name (`postalCode`) to the server's message for it.
 */
export function AddressFields({ value, onChange, onCountry, errors = {}, idPrefix = '' }: {
  value: Address;
  onChange: (next: Address) => void;
  onCountry?: (country: string) => void;
  errors?: Record<string, string>;
  idPrefix?: string;
}) {
  const { t, i18n } = useTranslation();
  const countries = useMemo(
    () => COUNTRIES.map((code) => ({ code, name: countryName(code, i18n.language) })).sort((a, b) => a.name.localeCompare(b.name, i18n.language)),
    [i18n.language],
  );
  const set = (k: keyof Address) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value });
  const auto = (token: string) => (idPrefix ? `section-${idPrefix} ${token}` : token);
  return (
    <div className="form-grid">
      <Field label={t('store.address.firstName')} autoComplete={auto('given-name')} required value={value.firstName} onChange={set('firstName')} error={errors.firstName} />
      <Field label={t('store.address.lastName')} autoComplete={auto('family-name')} required value={value.lastName} onChange={set('lastName')} error={errors.lastName} />
      <Field label={t('store.address.line1')} autoComplete={auto('address-line1')} required value={value.line1} onChange={set('line1')} error={errors.line1} />
      <Field label={t('store.address.line2')} autoComplete={auto('address-line2')} value={value.line2 ?? ''} onChange={set('line2')} />
      <Field label={t('store.address.city')} autoComplete={auto('address-level2')} required value={value.city} onChange={set('city')} error={errors.city} />
      <Field
        label={t(REGION_REQUIRED.has(value.country) ? 'store.address.regionRequired' : 'store.address.region')} autoComplete={auto('address-level1')}
        required={REGION_REQUIRED.has(value.country)} value={value.region ?? ''} onChange={set('region')} error={errors.region}
      />
      <Field label={t('store.address.postalCode')} autoComplete={auto('postal-code')} value={value.postalCode} onChange={set('postalCode')} error={errors.postalCode} />
      <SelectField
        label={t('store.address.country')} autoComplete={auto('country')} value={value.country}
        onChange={(e) => {
          if (e.target.value === value.country) return;
          onChange({ ...value, country: e.target.value });
          onCountry?.(e.target.value);
        }}
      >
        {countries.map((c) => (
          <option key={c.code} value={c.code}>{c.name}</option>
        ))}
      </SelectField>
      <Field label={t('store.address.phone')} type="tel" autoComplete={auto('tel')} value={value.phone ?? ''} onChange={set('phone')} error={errors.phone} />
    </div>
  );
}

/** The server's field errors of an address (`body/shippingAddress/postalCode` → `postalCode`) under `prefix` (`body/`, `body/shippingAddress/`). */
export function addressErrors(error: unknown, prefix: string): Record<string, string> {
  const errors = error instanceof ApiError && Array.isArray(error.body.errors) ? (error.body.errors as { field: string; message: string }[]) : [];
  return Object.fromEntries(errors.filter((e) => e.field.startsWith(prefix)).map((e) => [e.field.slice(prefix.length), e.message]));
}
