// Response schemas of the admin API: Fastify serialises with them (dropping undeclared fields) and the OpenAPI document shows them.
import { Type } from '@sinclair/typebox';
import { PackageInfo } from './package-info.js';
import { ProjectInfo } from './project-info.js';
import { JournalEntryInfo, UsageRecordInfo } from './usage-record.js';

const NextMarker = Type.Optional(Type.String({ description: 'pass as marker for the next page; absent on the last page' }));

export const ProjectPage = Type.Object({ projects: Type.Array(ProjectInfo), next_marker: NextMarker });

export const IssuedCredentialInfo = Type.Object({
  access_key: Type.String(),
  secret_key: Type.String({ description: 'shown once, never again' }),
  project_id: Type.String(),
  role: Type.Union([Type.Literal('tenant'), Type.Literal('service'), Type.Literal('admin')]),
});

export const RevokedCredentialInfo = Type.Object({ access_key: Type.String(), status: Type.Literal('disabled') });

export const GrantedPackageInfo = Type.Object({
  ...PackageInfo.properties,
  sub_resources: Type.Optional(Type.Array(PackageInfo, { description: 'the sub-resource packages of a bundle' })),
});

export const PackagePage = Type.Object({ count: Type.Integer({ description: 'all packages of the project' }), packages: Type.Array(PackageInfo) });

export const JournalPage = Type.Object({ entries: Type.Array(JournalEntryInfo), next_marker: NextMarker });

export const UsageRecordPage = Type.Object({ usage_records: Type.Array(UsageRecordInfo), next_marker: NextMarker });

// One result per record, in request order: the record (201 new, 200 replayed) or an error body with its status.
export const BatchResult = Type.Object({
  index: Type.Integer(),
  record_id: Type.Unknown({ description: 'as sent (null when missing)' }),
  status: Type.Integer({ description: 'what the record alone would have been answered: 201, 200 or 4xx' }),
  record: Type.Optional(UsageRecordInfo),
  error_code: Type.Optional(Type.String()),
  error_msg: Type.Optional(Type.String()),
}, { additionalProperties: true });

export const BatchResponse = Type.Object({ results: Type.Array(BatchResult) });
