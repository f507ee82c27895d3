// Webhook wording and the one client-side rule the desk needs: a Standard
// Webhooks secret ("whsec_" + base64 of random bytes), made in the browser
// so that the admin sees it once, copies it to the receiver, and the server
// never has to answer it.
import type { DeliveryStatus, WebhookFormat } from '@/api/notify';

export const FORMAT_LABELS: Record<WebhookFormat, string> = {
  generic: '通用 Webhook（签名 JSON）',
  wecom: '企业微信群机器人',
  dingtalk: '钉钉群机器人',
};

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: '待发送',
  failed: '失败待重试',
  delivered: '已送达',
  dead: '已放弃',
};

export function deliveryTone(s: DeliveryStatus): 'info' | 'warning' | 'success' | 'danger' {
  switch (s) {
    case 'delivered': return 'success';
    case 'failed': return 'warning';
    case 'dead': return 'danger';
    default: return 'info';
  }
}

/** A fresh signing secret: whsec_ + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  const b = new Uint8Array(32);
  crypto.getRandomValues(b);
  return `whsec_${btoa(String.fromCharCode(...b))}`;
}

/** Whether s looks like a Standard Webhooks secret (24 to 64 bytes of key). */
export function webhookSecretOk(s: string): boolean {
  const m = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(s);
  if (!m || m[1].length % 4 !== 0) return false;
  const pad = m[1].endsWith('==') ? 2 : m[1].endsWith('=') ? 1 : 0;
  const bytes = (m[1].length / 4) * 3 - pad;
  return bytes >= 24 && bytes <= 64;
}
