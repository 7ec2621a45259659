/** Newsletters: the storefront's subscribe form, confirmation and unsubscribe pages, the account setting, and the back office. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok, type Body, type Query } from '../../lib/api';
import { downloadFile } from '../admin/list';

/** Subscribes an address (double opt-in: a confirmation mail follows). */
export function useSubscribe() {
  return useMutation({ mutationFn: (body: Body<'/api/newsletters/subscribe', 'post'>) => ok(api.POST('/api/newsletters/subscribe', { body })) });
}

/** Confirms a subscription with the mailed token. */
export function useConfirmSubscription() {
  return useMutation({ mutationFn: (token: string) => ok(api.POST('/api/newsletters/confirm', { body: { token } })) });
}

/** The subscription a signed link names. */
export function useSubscription(token: string) {
  return useQuery({ queryKey: ['newsletter', 'subscription', token], enabled: token !== '', retry: false, queryFn: () => ok(api.GET('/api/newsletters/subscription', { params: { query: { token } } })) });
}

/** Unsubscribes the holder of a signed link. */
export function useUnsubscribe() {
  return useMutation({ mutationFn: (token: string) => ok(api.POST('/api/newsletters/unsubscribe', { params: { query: { token } }, body: {} })) });
}

/** The signed-in customer's subscription. */
export function useAccountNewsletter(enabled: boolean) {
  return useQuery({ queryKey: ['account', 'newsletter'], enabled, queryFn: () => ok(api.GET('/api/account/newsletter', { params: { query: {} } })) });
}

/** Subscribes or unsubscribes the signed-in customer. */
export function useSetAccountNewsletter() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/account/newsletter', 'put'>) => ok(api.PUT('/api/account/newsletter', { body })),
    onSuccess: (data) => qc.setQueryData(['account', 'newsletter'], data),
  });
}

// ── back office ──

/** A page of subscribers. */
export function listSubscribers(query: Query<'/api/admin/newsletters/subscribers'>) {
  return ok(api.GET('/api/admin/newsletters/subscribers', { params: { query } }));
}

/** Lists (segments). */
export function useLists() {
  return useQuery({ queryKey: ['admin', 'newsletters', 'lists'], queryFn: () => ok(api.GET('/api/admin/newsletters/lists')) });
}

/** Campaigns, newest first. */
export function useCampaigns() {
  return useQuery({ queryKey: ['admin', 'newsletters', 'campaigns'], queryFn: () => ok(api.GET('/api/admin/newsletters/campaigns', { params: { query: { page: 1, limit: 50 } } })) });
}

/** Creates a list. */
export function useCreateList() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/admin/newsletters/lists', 'post'>) => ok(api.POST('/api/admin/newsletters/lists', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'newsletters'] }),
  });
}

/** Creates a campaign. */
export function useCreateCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/admin/newsletters/campaigns', 'post'>) => ok(api.POST('/api/admin/newsletters/campaigns', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'newsletters'] }),
  });
}

/** Schedules a campaign (now or at a time). */
export function useScheduleCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, at }: { id: string; at?: string }) => ok(api.POST('/api/admin/newsletters/campaigns/{id}/schedule', { params: { path: { id } }, body: at ? { at } : {} })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'newsletters'] }),
  });
}

/** Sends a test mail of a campaign. */
export function useTestSend() {
  return useMutation({ mutationFn: ({ id, email }: { id: string; email: string }) => ok(api.POST('/api/admin/newsletters/campaigns/{id}/test', { params: { path: { id } }, body: { email } })) });
}

/** The preview of a campaign in a language. */
export function usePreview(id: string | null, locale: 'en' | 'fr') {
  return useQuery({ queryKey: ['admin', 'newsletters', 'preview', id, locale], enabled: id !== null, queryFn: () => ok(api.GET('/api/admin/newsletters/campaigns/{id}/preview', { params: { path: { id: id! }, query: { locale } } })) });
}

/** Imports subscribers from a CSV file with the source of their consent. */
export function useImportSubscribers() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ csv, consentSource, site }: { csv: string; consentSource: string; site?: string }) =>
      ok(api.POST('/api/admin/newsletters/subscribers/import', { params: { query: { consentSource, ...(site ? { site } : {}) } }, body: csv, headers: { 'content-type': 'text/csv' }, bodySerializer: (b: string) => b })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'newsletters'] }),
  });
}

/** Downloads the subscribers (list filters) as CSV with their consent. */
export function exportSubscribers(query: Query<'/api/admin/newsletters/subscribers/export'>) {
  return downloadFile(api.GET('/api/admin/newsletters/subscribers/export', { params: { query }, parseAs: 'blob' }), 'subscribers.csv');
}
