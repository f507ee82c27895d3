/*
 * Cases from other systems: the intake sources (the 12345 hotline, the
 * province's platform), their column mappings and their work-order
 * imports.  Types come from docs/openapi.json (src/api/schema.d.ts).
 */
import { api, download, uploadFile, type UploadProgress } from './client';
import type { components } from './schema';

type S = components['schemas'];

export type IntakeSource = S['IntakeSource'];
export type IntakeSources = S['IntakeSources'];
export type IntakeImport = S['IntakeImport'];
export type IntakeColumn = IntakeSources['columns'][number];

const src = (code: string) => `/intake/sources/${encodeURIComponent(code)}`;

export const intakeApi = {
  sources: () => api.get<IntakeSources>('/intake/sources'),
  saveMapping: (code: string, mapping: Record<string, string>) => api.patch<IntakeSource>(src(code), { mapping }),
  importFile: (code: string, file: Blob, dryRun: boolean, onProgress?: (p: UploadProgress) => void) =>
    uploadFile<IntakeImport>(`${src(code)}/import`, file, dryRun ? { dry_run: true } : undefined, onProgress),
  template: (code: string, format: 'xlsx' | 'csv') => download(`${src(code)}/import/template`, { format }),
};
