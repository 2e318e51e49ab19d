// Response shapes of the operations endpoints (health, readiness), for validation-free serialisation and the OpenAPI document.
import { Type, type Static } from '@sinclair/typebox';

export const HealthBody = Type.Object({ status: Type.Literal('ok') });
export type HealthBody = Static<typeof HealthBody>;
