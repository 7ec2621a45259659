/** Turns API errors into translated messages: known problem `code`s → `common.errors.<CODE>`, else the problem's detail. */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

/** A function mapping any thrown error to a message in the current language. */
export function useProblemMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        const reason = typeof error.body.reason === 'string' ? error.body.reason : null;
        if (reason && i18n.exists(`common.reasons.${reason}`)) return t(`common.reasons.${reason}`);
        const key = `common.errors.${error.code}`;
        if (i18n.exists(key)) return t(key);
        if (error.message) return error.message;
      }
      return t('common.errors.UNKNOWN');
    },
    [t, i18n],
  );
}
