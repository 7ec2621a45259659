import { notFound } from '../../platform/errors.js';

/** Stable error codes of the notifications module (the `code` member of its problem documents). */
export const NotificationsErrorCode = {
  /** 404: no notification with this id belongs to the signed-in user (another user's answers the same). */
  NOTIFICATION_NOT_FOUND: 'NOTIFICATIONS.NOT_FOUND',
  /** 404: no stored mail message with this id. */
  MAIL_NOT_FOUND: 'NOTIFICATIONS.MAIL_NOT_FOUND',
} as const;

/** 404 `NOTIFICATIONS.NOT_FOUND`. */
export const notificationNotFound = (id: string) => notFound(NotificationsErrorCode.NOTIFICATION_NOT_FOUND, `No notification ${id}`);
/** 404 `NOTIFICATIONS.MAIL_NOT_FOUND`. */
export const mailNotFound = (id: string) => notFound(NotificationsErrorCode.MAIL_NOT_FOUND, `No mail message ${id}`);
