/**
 * The customer's address book (`/api/users/me/addresses`) and their data: the JSON export and
 * the account's erasure (`DELETE /api/users/me`, password required).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, cartRef, ok, session, type Address } from '../../lib/api';
import { CART_KEY } from '../cart/api';

/** The address book as the API answers it. */
const fetchAddresses = async () => (await ok(api.GET('/api/users/me/addresses'))).data;

/** A saved address (normalised by the server: postal code in the post's format, phone in E.164). */
export type SavedAddress = Awaited<ReturnType<typeof fetchAddresses>>[number];
/** The fields of the address form: a postal address with its label and default flags. */
export type AddressInput = Address & { label?: string | null; defaultShipping?: boolean; defaultBilling?: boolean };

const BOOK_KEY = ['addresses'] as const;

/** The postal fields of `a` without empty optional ones (the API refuses nothing, but stores nothing empty). */
export function postalFields(a: Address): Address {
  const out: Address = { firstName: a.firstName, lastName: a.lastName, line1: a.line1, city: a.city, postalCode: a.postalCode, country: a.country };
  if (a.line2?.trim()) out.line2 = a.line2;
  if (a.region?.trim()) out.region = a.region;
  if (a.phone?.trim()) out.phone = a.phone;
  return out;
}

/** The signed-in customer's addresses, defaults first (only fetched when `enabled`). */
export function useAddresses(enabled: boolean) {
  return useQuery({ queryKey: BOOK_KEY, queryFn: fetchAddresses, enabled });
}

/** Saves an address: creates it without `id`, changes it with one. */
export function useSaveAddress() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: AddressInput }) => {
      const body = { ...postalFields(input), label: input.label?.trim() || null, defaultShipping: input.defaultShipping, defaultBilling: input.defaultBilling };
      return id ? ok(api.PATCH('/api/users/me/addresses/{id}', { params: { path: { id } }, body })) : ok(api.POST('/api/users/me/addresses', { body }));
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: BOOK_KEY }),
  });
}

/** Deletes an address. */
export function useDeleteAddress() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => void (await ok(api.DELETE('/api/users/me/addresses/{id}', { params: { path: { id } } }))),
    onSuccess: () => qc.invalidateQueries({ queryKey: BOOK_KEY }),
  });
}

/** Downloads the customer's data (account, addresses, orders, preferences) as a JSON file. */
export function useDownloadMyData() {
  return useMutation({
    mutationFn: async () => {
      const data = await ok(api.GET('/api/users/me/export'));
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: `comptoir-data-${data.exportedAt.slice(0, 10)}.json` });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  });
}

/** Erases the account with its password; then forgets the session, the cart and every cached answer. */
export function useDeleteAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (password: string) => {
      await ok(api.DELETE('/api/users/me', { body: { password } }));
      session.set(null);
      cartRef.set(null);
    },
    onSuccess: () => {
      qc.setQueryData(['me'], null);
      qc.setQueryData(CART_KEY, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey !== CART_KEY });
    },
  });
}
