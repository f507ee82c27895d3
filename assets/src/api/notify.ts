/*
 * Notifications: the caller's in-app messages (站内信) and, for admins,
 * webhooks with their delivery log; types generated from docs/openapi.json.
 */
import { api, type Query } from './client';
import type { components } from './schema';

type S = components['schemas'];

export type Message = S['Message'];
export type MessageList = S['MessageList'];
export type MessageReadResult = S['MessageReadResult'];
export type NotificationType = S['NotificationType'];
export type Webhook = S['Webhook'];
export type WebhookCreate = S['WebhookCreate'];
export type WebhookPatch = S['WebhookPatch'];
export type WebhookList = S['WebhookList'];
export type WebhookFormat = Webhook['format'];
export type Delivery = S['Delivery'];
export type DeliveryTry = S['DeliveryTry'];
export type DeliveryList = S['DeliveryList'];
export type DeliveryStatus = Delivery['status'];

export interface MessageQuery extends Query { unread?: boolean; limit?: number; cursor?: string }
export interface DeliveryQuery extends Query { status?: DeliveryStatus; limit?: number; cursor?: string }

export const messagesApi = {
  list: (query: MessageQuery = {}) => api.get<MessageList>('/notifications', { query }),
  read: (ids: number[]) => api.post<MessageReadResult>('/notifications/read', { ids }),
  readAll: () => api.post<MessageReadResult>('/notifications/read', { all: true }),
};

export const webhooksApi = {
  types: () => api.get<{ items: NotificationType[] }>('/notification-types'),
  list: (query: { limit?: number; cursor?: string } = {}) => api.get<WebhookList>('/webhooks', { query }),
  get: (id: number) => api.get<Webhook>(`/webhooks/${id}`),
  create: (body: WebhookCreate, idempotencyKey?: string) => api.post<Webhook>('/webhooks', body, { idempotencyKey }),
  patch: (id: number, body: WebhookPatch) => api.patch<Webhook>(`/webhooks/${id}`, body),
  remove: (id: number) => api.del<void>(`/webhooks/${id}`),
  /** Queue a test message for this webhook alone; answers the queued notification. */
  test: (id: number) => api.post<Delivery>(`/webhooks/${id}/test`, {}),
  deliveries: (id: number, query: DeliveryQuery = {}) => api.get<DeliveryList>(`/webhooks/${id}/deliveries`, { query }),
  resend: (id: number, nid: number) => api.post<Delivery>(`/webhooks/${id}/deliveries/${nid}/resend`, {}),
};
