// End to end: Huawei's official IAM SDK signs a user in against the running server, and the token it gets
// reads resources-usage through plain HTTP; the users are made with the CLI, the password on standard input.
import path from 'node:path';
import { GlobalCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import {
  AuthScope, AuthScopeProject, IamClient, KeystoneCreateUserTokenByPasswordRequest, KeystoneCreateUserTokenByPasswordRequestBody,
  KeystoneValidateTokenRequest, PwdAuth, PwdIdentity, PwdPassword, PwdPasswordUser, PwdPasswordUserDomain,
} from '@huaweicloud/huaweicloud-sdk-iam/v3/public-api.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, runCli, startServerProcess, type RunningServer } from '../support/cli.js';
import { newProjectId, tempDir } from '../support/ledger.js';

const PASSWORD = 'Sdk-Passw0rd-long';

let server: RunningServer;
let env: Record<string, string>;
let projectId: string;
let tenant: { access_key: string; secret_key: string };

/** An IAM client as an integrator builds one; its AK/SK signs every call, whether or not the API needs it. */
function iamClient(ak = 'ANYACCESSKEYATALL000', sk = 'any-secret-key-the-client-happens-to-have'): IamClient {
  const credentials = new GlobalCredentials().withAk(ak).withSk(sk).withDomainId('0123456789abcdef0123456789abcdef');
  return IamClient.newBuilder().withCredential(credentials).withEndpoint(server.base).build();
}

function passwordRequest(name: string, password: string, project = projectId): KeystoneCreateUserTokenByPasswordRequest {
  const user = new PwdPasswordUser().withName(name).withPassword(password).withDomain(new PwdPasswordUserDomain().withName(projectId));
  const auth = new PwdAuth()
    .withIdentity(new PwdIdentity().withMethods(['password']).withPassword(new PwdPassword().withUser(user)))
    .withScope(new AuthScope().withProject(new AuthScopeProject().withId(project)));
  return new KeystoneCreateUserTokenByPasswordRequest().withBody(new KeystoneCreateUserTokenByPasswordRequestBody().withAuth(auth));
}

async function sdkError(promise: Promise<unknown>): Promise<Record<string, any>> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeDefined();
  return err as Record<string, any>;
}

beforeAll(async () => {
  env = { LEDGER_DB: path.join(tempDir(), 'ledger.db'), LEDGER_QUIET: '1' };
  projectId = newProjectId();
  await cliJson(['project', 'create', projectId, '--name', 'sdk-tenant'], env);
  tenant = await cliJson(['credential', 'create', projectId], env);
  await cliJson(['package', 'grant', projectId, '--resource-type', 'video_time_2d_model', '--amount', '600', '--usage', '12.5'], env);
  const created = await runCli(['user', 'create', projectId, 'sdk-user', '--password-stdin'], env, `${PASSWORD}\n`);
  expect(created.code, created.stderr).toBe(0);
  server = await startServerProcess([], env);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('the official IAM SDK against the running server', () => {
  it('obtains a token (201, X-Subject-Token) although it signs with a credential the server does not know', async () => {
    const res = await iamClient().keystoneCreateUserTokenByPassword(passwordRequest('sdk-user', PASSWORD)) as Record<string, any>;
    expect(res.httpStatusCode).toBe(201);
    const token = res['X-Subject-Token'] as string;
    expect(token).toMatch(/^TL1\./);
    expect(res.token).toMatchObject({
      methods: ['password'],
      user: { name: 'sdk-user', domain: { name: projectId } },
      project: { id: projectId, name: 'sdk-tenant' },
      roles: [{ name: 'tenant' }],
    });
    const lifetime = Date.parse(res.token.expires_at) - Date.parse(res.token.issued_at);
    expect(lifetime).toBe(24 * 3600_000);

    // The token then reads the tenant API through plain HTTP.
    const usage = await fetch(`${server.base}/v1/${projectId}/tenants/resources-usage`, { headers: { 'X-Auth-Token': token } });
    expect(usage.status).toBe(200);
    expect(await usage.json()).toEqual({
      resources: [{
        resource_type: 'video_time_2d_model', business_type: 'VIDEO_2D', is_sub_resource: false, charging_mode: 'ONE_TIME',
        resource_source: 'PURCHASED', amount: 600, usage: 12.5, unit: 'MIN',
      }],
    });
    const elsewhere = await fetch(`${server.base}/v1/${newProjectId()}/tenants/resources-usage`, { headers: { 'X-Auth-Token': token } });
    expect(elsewhere.status).toBe(403);
  });

  it('validates the token with keystoneValidateToken, signed with a real access key of the project', async () => {
    const issued = await iamClient().keystoneCreateUserTokenByPassword(passwordRequest('sdk-user', PASSWORD)) as Record<string, any>;
    const token = issued['X-Subject-Token'] as string;
    const res = await iamClient(tenant.access_key, tenant.secret_key)
      .keystoneValidateToken(new KeystoneValidateTokenRequest().withXSubjectToken(token)) as Record<string, any>;
    expect(res.httpStatusCode).toBe(200);
    expect(res.token.user.name).toBe('sdk-user');
  });

  it('gets the same 401 for a wrong password and for an unknown user', async () => {
    const wrong = await sdkError(iamClient().keystoneCreateUserTokenByPassword(passwordRequest('sdk-user', 'not-the-password')));
    const unknown = await sdkError(iamClient().keystoneCreateUserTokenByPassword(passwordRequest('nobody-here', PASSWORD)));
    for (const err of [wrong, unknown]) {
      expect(err.httpStatusCode).toBe(401);
      expect(err.errorCode).toBe('APIG.0301');
    }
    expect(wrong.errorMsg).toBe(unknown.errorMsg);
  });

  it('stops a token working once the user is disabled with the CLI (another process, same database)', async () => {
    const created = await runCli(['user', 'create', projectId, 'short-lived', '--password-stdin'], env, PASSWORD);
    expect(created.code, created.stderr).toBe(0);
    const issued = await iamClient().keystoneCreateUserTokenByPassword(passwordRequest('short-lived', PASSWORD)) as Record<string, any>;
    const token = issued['X-Subject-Token'] as string;
    const read = () => fetch(`${server.base}/v1/${projectId}/tenants/resources-usage`, { headers: { 'X-Auth-Token': token } });
    expect((await read()).status).toBe(200);
    await cliJson(['user', 'disable', projectId, 'short-lived'], env);
    const refused = await read();
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error_code: string }).error_code).toBe('APIG.0301');
  });
});
