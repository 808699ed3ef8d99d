/**
 * Seeds an IAM Identity Center permission set in moto through the AWS API, as a management
 * account holds it: an inline policy, AWS managed policies, customer managed policy references
 * (with the referenced policy created in IAM when `createReferenced`), provisioned to the
 * account.
 *
 * moto 5.2 does not implement GetPermissionsBoundaryForPermissionSet (it answers an HTML error
 * page). `withBoundary` wraps the adapter to answer it as sso-admin does; `boundaryProxy` does
 * the same for a bundle run, in front of moto.
 */
import { createServer, request, type Server } from 'node:http';
import { CreatePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreatePermissionSetCommand,
  ListInstancesCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import type { SsoAdminLike } from '../../src/aws/adapters.js';
import type { PolicyDocument } from '../../src/policies/types.js';

export interface SeededPermissionSet {
  instanceArn: string;
  permissionSetArn: string;
}

export async function seedPermissionSet(
  sso: SSOAdminClient,
  iam: IAMClient,
  options: {
    name: string;
    inline?: PolicyDocument;
    awsManaged?: string[];
    references?: { name: string; path?: string; document?: PolicyDocument }[];
  },
): Promise<SeededPermissionSet> {
  const instances = await sso.send(new ListInstancesCommand({}));
  const instanceArn = instances.Instances?.[0]?.InstanceArn;
  if (!instanceArn) throw new Error('moto has no Identity Center instance');
  const created = await sso.send(
    new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: options.name }),
  );
  const permissionSetArn = created.PermissionSet?.PermissionSetArn;
  if (!permissionSetArn) throw new Error('moto created no permission set');
  const set = { InstanceArn: instanceArn, PermissionSetArn: permissionSetArn };
  if (options.inline) {
    await sso.send(
      new PutInlinePolicyToPermissionSetCommand({
        ...set,
        InlinePolicy: JSON.stringify(options.inline),
      }),
    );
  }
  for (const arn of options.awsManaged ?? []) {
    await sso.send(
      new AttachManagedPolicyToPermissionSetCommand({ ...set, ManagedPolicyArn: arn }),
    );
  }
  for (const ref of options.references ?? []) {
    if (ref.document) {
      await iam.send(
        new CreatePolicyCommand({
          PolicyName: ref.name,
          Path: ref.path ?? '/',
          PolicyDocument: JSON.stringify(ref.document),
        }),
      );
    }
    await sso.send(
      new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({
        ...set,
        CustomerManagedPolicyReference: { Name: ref.name, Path: ref.path ?? '/' },
      }),
    );
  }
  await sso.send(
    new ProvisionPermissionSetCommand({ ...set, TargetType: 'ALL_PROVISIONED_ACCOUNTS' }),
  );
  return { instanceArn, permissionSetArn };
}

/** The answer of sso-admin for a permission set without a boundary. */
function noBoundary(): Error {
  return Object.assign(new Error('The permission set has no permissions boundary.'), {
    name: 'ResourceNotFoundException',
  });
}

/** The adapter, answering GetPermissionsBoundaryForPermissionSet as sso-admin does. */
export function withBoundary(
  sso: SsoAdminLike,
  boundaries: Record<string, { ManagedPolicyArn?: string }> = {},
): SsoAdminLike {
  return {
    ...sso,
    getPermissionsBoundaryForPermissionSet: (input) => {
      const boundary = boundaries[input.PermissionSetArn];
      return boundary
        ? Promise.resolve({ PermissionsBoundary: boundary })
        : Promise.reject(noBoundary());
    },
  };
}

/**
 * A proxy in front of moto for a bundle run (`AWS_ENDPOINT_URL_SSO_ADMIN`): it answers
 * GetPermissionsBoundaryForPermissionSet with sso-admin's ResourceNotFoundException (no
 * boundary) and passes everything else to moto unchanged.
 */
export async function boundaryProxy(
  moto: string,
): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const target = new URL(moto);
  const server: Server = createServer((req, res) => {
    if (
      req.headers['x-amz-target'] === 'SWBExternalService.GetPermissionsBoundaryForPermissionSet'
    ) {
      req.resume();
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          __type: 'ResourceNotFoundException',
          message: 'The permission set has no permissions boundary.',
        }),
      );
      return;
    }
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
