// Names for the generated OpenAPI types (src/api/schema.d.ts is generated
// from ../docs/openapi.json by `npm run gen:types`; never edit it by hand).
import type { components, paths } from './schema';

type S = components['schemas'];

export type { paths };
export type ApiErrorBody = S['Error'];
export type ErrorCode = S['ErrorCode'];
export type Role = S['Role'];
export type CaseStatus = S['CaseStatus'];
export type CaseCategory = S['CaseCategory'];
export type CaseChannel = S['CaseChannel'];
export type CaseAction = S['CaseAction'];
export type VisitLevel = S['VisitLevel'];
export type SizeClass = S['SizeClass'];
export type PartyOrgStatus = S['PartyOrgStatus'];
export type ResponderResource = S['ResponderResource'];
export type User = S['User'];
export type UserRef = S['UserRef'];
export type UserCreate = S['UserCreate'];
export type Session = S['Session'];
export type LoginRequest = S['LoginRequest'];
export type Person = S['Person'];
export type ChainSummary = S['ChainSummary'];
export type Chain = S['Chain'];
export type Expert = S['Expert'];
export type Lawyer = S['Lawyer'];
export type PolicyBrief = S['PolicyBrief'];
export type Enterprise = S['Enterprise'];
export type EnterpriseCreate = S['EnterpriseCreate'];
export type Contact = S['Contact'];
export type Case = S['Case'];
export type CaseCreate = S['CaseCreate'];
export type Transition = S['Transition'];
export type TimelineEntry = S['TimelineEntry'];
export type Attachment = S['Attachment'];
export type Note = S['Note'];
export type NoteCreate = S['NoteCreate'];
export type SuggestedAssignee = S['SuggestedAssignee'];
export type Visit = S['Visit'];
export type Policy = S['Policy'];
export type PolicyWrite = S['PolicyWrite'];
export type PolicyMatch = S['PolicyMatch'];
export type PolicyMatchList = S['PolicyMatchList'];
export type Bulletin = S['Bulletin'];
export type BulletinStatus = Bulletin['status'];
/** A list item: the server leaves the bodies out (it sends "excerpt"). */
export type BulletinSummary = Omit<Bulletin, 'body_md' | 'body_html'> & Partial<Pick<Bulletin, 'body_md' | 'body_html'>>;
export type BulletinCreate = S['BulletinCreate'];
export type BulletinPatch = S['BulletinPatch'];
export type MarkdownPreview = S['MarkdownPreview'];
export type CaseStats = S['CaseStats'];

/** Every list answers this envelope. */
export interface ListPage<T> {
  items: T[];
  next_cursor: string | null;
}

/** The filters of GET /api/v1/policies and GET /api/v1/bulletins. */
export type PolicyQuery = NonNullable<paths['/api/v1/policies']['get']['parameters']['query']>;
export type BulletinQuery = NonNullable<paths['/api/v1/bulletins']['get']['parameters']['query']>;

/** The filters of GET /api/v1/cases (and cases.xlsx / cases.csv). */
export type CaseQuery = NonNullable<paths['/api/v1/cases']['get']['parameters']['query']>;
