import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./src/activity/scan/inflate.ts

/** A file larger than this does not keep its buffer after it is done. */
const KEEP_AT_MOST = 64 << 20;
let engine;
let output = Buffer.allocUnsafeSlow(1 << 20);
function newEngine() {
    const stream = (0,external_node_zlib_namespaceObject.createGunzip)();
    const handle = stream._handle;
    const state = stream._writeState;
    if (!handle ||
        typeof handle.writeSync !== 'function' ||
        typeof handle.reset !== 'function' ||
        // Not `instanceof`: the array comes from Node's own realm, which a test runner's is not.
        Object.prototype.toString.call(state) !== '[object Uint32Array]' ||
        state.length < 2) {
        return null;
    }
    const made = {
        stream,
        handle: handle,
        state: state,
        error: undefined,
        used: false,
    };
    // Errors are reported through this callback, during writeSync.
    made.handle.onerror = (message) => {
        made.error = message;
    };
    return made;
}
/** The uncompressed data would be larger than the limit: nothing of it is kept. */
class TooLargeError extends Error {
    name = 'TooLargeError';
}
/**
 * The gunzipped bytes of `input`. The result is a view of a buffer that the next call
 * overwrites: copy what must outlive it. `sizeHint` is the expected size (the gzip trailer's).
 * Throws an `Error` with zlib's message when the data is not valid gzip, and a `TooLargeError`
 * as soon as the output would pass `maxBytes` (a decompression bomb: a few megabytes that
 * expand to gigabytes), leaving no large buffer behind.
 */
function gunzipReusing(input, sizeHint, maxBytes = Infinity) {
    // The trailer holds the size modulo 2^32: the real size is at least that.
    if (sizeHint > maxBytes)
        throw tooLarge(maxBytes);
    if (engine === undefined)
        engine = newEngine();
    if (engine === null) {
        try {
            return (0,external_node_zlib_namespaceObject.gunzipSync)(input, {
                chunkSize: Math.min(Math.max(sizeHint + 64, 1024), 64 << 20),
                ...(Number.isFinite(maxBytes) ? { maxOutputLength: maxBytes } : {}),
            });
        }
        catch (error) {
            if (error.code === 'ERR_BUFFER_TOO_LARGE')
                throw tooLarge(maxBytes);
            throw error;
        }
    }
    const current = engine;
    if (current.used)
        current.handle.reset();
    current.used = true;
    if (output.length < sizeHint + 1 && sizeHint < 1 << 31) {
        output = Buffer.allocUnsafeSlow(sizeHint + 1);
    }
    let inOffset = 0;
    let inLeft = input.length;
    let written = 0;
    for (;;) {
        const room = output.length - written;
        current.handle.writeSync(external_node_zlib_namespaceObject.constants.Z_FINISH, input, inOffset, inLeft, output, written, room);
        if (current.error !== undefined) {
            const message = current.error;
            engine = undefined; // a handle that failed is not used again
            current.stream.destroy();
            throw new Error(message);
        }
        const outLeft = current.state[0];
        const inLeftAfter = current.state[1];
        written += room - outLeft;
        inOffset += inLeft - inLeftAfter;
        inLeft = inLeftAfter;
        if (outLeft !== 0)
            break;
        if (written > maxBytes) {
            // Left for the next file as a fresh engine and a small buffer: no state of this one.
            engine = undefined;
            current.stream.destroy();
            if (output.length > KEEP_AT_MOST)
                output = Buffer.allocUnsafeSlow(1 << 20);
            throw tooLarge(maxBytes);
        }
        // The output is full and there may be more: a bigger buffer, the bytes so far kept (at
        // most one byte past the limit, which is enough to tell that it is passed).
        const bigger = Buffer.allocUnsafeSlow(Math.min(output.length * 2, Math.max(output.length + 1, maxBytes + 1)));
        output.copy(bigger, 0, 0, written);
        output = bigger;
    }
    const result = output.subarray(0, written);
    if (output.length > KEEP_AT_MOST)
        output = Buffer.allocUnsafeSlow(1 << 20);
    return result;
}
function tooLarge(maxBytes) {
    return new TooLargeError(inflate_tooLargeMessage(maxBytes));
}
/** Why a file over the size limit was not read. */
function inflate_tooLargeMessage(maxBytes) {
    return `larger than ${formatMiB(maxBytes)} uncompressed, the limit of max-file-size: not read (a decompression bomb, or a file CloudTrail did not write); raise max-file-size to read it`;
}
function formatMiB(bytes) {
    return `${Math.round((bytes / (1 << 20)) * 100) / 100} MiB`;
}

;// CONCATENATED MODULE: ./src/activity/scan/parse.ts


/** Why a log file could not be used; counted per file in the coverage. */
class LogFileError extends Error {
    name = 'LogFileError';
}
/**
 * Gunzips when the bytes are gzip (by magic number, not by name), and decodes UTF-8; never past
 * `maxBytes` uncompressed (a `LogFileError` then, as for bad gzip).
 */
function decodeLogBytes(bytes, maxBytes = Infinity) {
    let data = bytes;
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
        try {
            data = gunzipSync(bytes, Number.isFinite(maxBytes) ? { maxOutputLength: maxBytes } : {});
        }
        catch (error) {
            if (error.code === 'ERR_BUFFER_TOO_LARGE') {
                throw new LogFileError(tooLargeMessage(maxBytes));
            }
            throw new LogFileError(`bad gzip data (${error.message})`);
        }
    }
    else if (bytes.length > maxBytes) {
        throw new LogFileError(tooLargeMessage(maxBytes));
    }
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}
/**
 * Parses a log file's text into records. CloudTrail delivers `{"Records":[...]}`; a bare JSON
 * array of records and JSON Lines (one record per line, as exports and SIEMs write them) are
 * accepted too. Anything else is a `LogFileError` naming what is wrong.
 */
function parseLogText(text) {
    const trimmed = text.trim();
    if (trimmed === '')
        throw new LogFileError('empty file');
    let parsed;
    try {
        parsed = JSON.parse(trimmed);
    }
    catch (error) {
        if (trimmed.startsWith('{') && trimmed.includes('\n'))
            return parseJsonLines(trimmed);
        throw new LogFileError(`truncated or invalid JSON (${error.message})`);
    }
    if (Array.isArray(parsed))
        return checkRecords(parsed);
    if (isObject(parsed)) {
        if (Array.isArray(parsed.Records))
            return checkRecords(parsed.Records);
        if (typeof parsed.eventName === 'string' && typeof parsed.eventSource === 'string') {
            return [parsed];
        }
    }
    throw new LogFileError('not a CloudTrail log file (no "Records" array)');
}
function parseJsonLines(text) {
    const records = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].trim();
        if (line === '')
            continue;
        try {
            records.push(JSON.parse(line));
        }
        catch (error) {
            throw new LogFileError(`invalid JSON on line ${i + 1} (${error.message})`);
        }
    }
    return checkRecords(records);
}
function checkRecords(items) {
    for (let i = 0; i < items.length; i++) {
        if (!isObject(items[i])) {
            throw new LogFileError(`record ${i + 1} is not an object: not a CloudTrail log file`);
        }
    }
    return items;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/activity/principal.ts

const PRINCIPAL_NAME = /^[\w+=,.@-]{1,64}$/;
const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
const PERMISSION_SET_ARN = /^arn:(aws|aws-[a-z-]+):sso:::permissionSet\/(?:sso)?ins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16}$/;
/** The path of the roles Identity Center provisions, before any region segment. */
const SSO_ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';
/** How the name of every role Identity Center provisions starts. */
const SSO_ROLE_PREFIX = 'AWSReservedSSO_';
const SSO_ROLE_SUFFIX = /^_[0-9a-fA-F]{16}$/;
const IAM_ARN = /^arn:(aws|aws-[a-z-]+):iam::(\d{12}):(role|user)(\/(?:[\x21-\x7e]+\/)?)?([^/]+)$/;
const ASSUMED_ROLE_ARN = /^arn:(aws|aws-[a-z-]+):sts::(\d{12}):assumed-role\/([^/]+)\//;
/** Roles AWS defines for its services: their policies cannot be edited by customers. */
const SERVICE_LINKED_PATH = '/aws-service-role/';
const SERVICE_LINKED_NAME = /^AWSServiceRoleFor/;
const EXAMPLES = {
    role: 'a role ARN (arn:aws:iam::123456789012:role/path/role-name) nor a role name',
    user: 'a user ARN (arn:aws:iam::123456789012:user/path/user-name) nor a user name',
    'permission-set': 'a permission set ARN (arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef) nor a permission set name (at most 32 characters)',
};
/** Parses a role or user as given to the tool: its ARN, or its name. */
function parsePrincipalRef(value, type, inputName) {
    const text = value.trim();
    if (type === 'permission-set')
        return parsePermissionSetRef(text, value, inputName);
    const arn = parseIamArn(text);
    let ref;
    if (arn && arn.type === type && PRINCIPAL_NAME.test(arn.name)) {
        ref = { ...arn, type, kind: 'arn', arn: text };
    }
    else if (!text.startsWith('arn:') && PRINCIPAL_NAME.test(text)) {
        ref = { type, kind: 'name', name: text };
    }
    else {
        throw new UserError(`${inputName}: "${value}" is neither ${EXAMPLES[type]}`);
    }
    if (type === 'role') {
        refuseServiceLinked(ref, inputName);
        refuseIdentityCenterRole(ref, inputName);
    }
    return ref;
}
/** A role Identity Center provisions is changed through its permission set, never in IAM. */
function refuseIdentityCenterRole(ref, inputName) {
    const match = ref.name.startsWith(SSO_ROLE_PREFIX)
        ? /^(.+)_[0-9a-fA-F]{16}$/.exec(ref.name.slice(SSO_ROLE_PREFIX.length))
        : null;
    const byPath = ref.kind === 'arn' && ref.path.startsWith(SSO_ROLE_PATH);
    if (!match && !byPath)
        return;
    const set = match ? ` --permission-set ${match[1]}` : ' the permission set';
    throw new UserError(`${inputName}: ${principalLabel(ref)} is a role IAM Identity Center provisions for a permission set: its policies are the permission set's, changed in the management account, and every account has such a role. Give${set} (permission-set in the action) to analyse its roles in every account together.`);
}
function parsePermissionSetRef(text, value, inputName) {
    if (PERMISSION_SET_ARN.test(text)) {
        return { type: 'permission-set', kind: 'name', name: '', permissionSetArn: text };
    }
    if (!text.startsWith('arn:') && PERMISSION_SET_NAME.test(text)) {
        return { type: 'permission-set', kind: 'name', name: text };
    }
    throw new UserError(`${inputName}: "${value}" is neither ${EXAMPLES['permission-set']}`);
}
/** `parsePrincipalRef` for a role. */
function parseRoleRef(value, inputName) {
    return parsePrincipalRef(value, 'role', inputName);
}
function refuseServiceLinked(ref, inputName) {
    const byPath = ref.kind === 'arn' && ref.path.startsWith(SERVICE_LINKED_PATH);
    if (!byPath && !SERVICE_LINKED_NAME.test(ref.name))
        return;
    throw new UserError(`${inputName}: ${principalLabel(ref)} is a service-linked role (${byPath ? `path ${SERVICE_LINKED_PATH}` : 'its name starts with AWSServiceRoleFor'}): ` +
        'AWS defines its policies and they cannot be edited, so there is nothing to tighten. ' +
        'Give a role of your own (or an IAM user, or a permission set).');
}
/** Parses an IAM role or user ARN such as a session issuer's; undefined when it is not one. */
function parseIamArn(arn) {
    const match = IAM_ARN.exec(arn);
    if (!match)
        return undefined;
    const [, partition, account, type, rawPath, name] = match;
    return { type, partition, account, path: rawPath && rawPath.length > 1 ? rawPath : '/', name };
}
/** Parses an IAM role ARN such as a session issuer's; undefined when it is not one. */
function parseRoleArn(arn) {
    const parts = parseIamArn(arn);
    if (parts?.type !== 'role')
        return undefined;
    const { partition, account, path, name } = parts;
    return { partition, account, path, name };
}
/** The principal's kind in prose: `role`, `user`, `permission set`. */
function principalNoun(type) {
    return type === 'permission-set' ? 'permission set' : type;
}
/** The principal as the user gave it: its ARN, or its name. */
function principalLabel(principal) {
    if (principal.kind === 'arn')
        return principal.arn;
    return principal.permissionSetArn ?? principal.name;
}
/**
 * The text every record of the principal holds in its caller's ARN or name, which the fast
 * path searches the bytes for: the name, or for a permission set its roles' common prefix.
 */
function principalNeedle(principal) {
    return principal.type === 'permission-set'
        ? `${SSO_ROLE_PREFIX}${principal.name}_`
        : principal.name;
}
/**
 * Whether a role is one Identity Center provisioned for the permission set: named
 * `AWSReservedSSO_<name>_<16 hex>`, under `/aws-reserved/sso.amazonaws.com/` (with or without a
 * region segment) when its path is known. The suffix is of fixed length, so a permission set
 * whose name extends another's (`DataAnalystAdmin`, `DataAnalyst`) is never taken for it.
 */
function isPermissionSetRole(permissionSet, role, path) {
    const prefix = `${SSO_ROLE_PREFIX}${permissionSet}`;
    if (!role.startsWith(prefix) || !SSO_ROLE_SUFFIX.test(role.slice(prefix.length)))
        return false;
    return path === undefined || path.startsWith(SSO_ROLE_PATH);
}
/**
 * The role or user a record's caller acted as, or undefined for other callers (AWS services,
 * the root user, Identity Center users, web identities):
 * - a role session: the session issuer's ARN (which keeps the role's path), else the
 *   assumed-role ARN (which drops it);
 * - an IAM user, with access keys, in the console, or with GetSessionToken credentials: its
 *   ARN, else (records of a few console events carry none) its account and `userName`;
 * - a federated user (GetFederationToken): the IAM user that is its session issuer, whose
 *   policies every call of the federated session also needed.
 */
function callerOf(record) {
    const identity = record.userIdentity;
    if (!identity)
        return undefined;
    const issuerArn = identity.sessionContext?.sessionIssuer?.arn;
    if (typeof issuerArn === 'string') {
        const issuer = parseIamArn(issuerArn);
        if (issuer)
            return { arn: issuerArn, ...issuer };
    }
    if (identity.type === 'AssumedRole' && typeof identity.arn === 'string') {
        const assumed = ASSUMED_ROLE_ARN.exec(identity.arn);
        if (assumed) {
            const [, partition, account, name] = assumed;
            const arn = `arn:${partition}:iam::${account}:role/${name}`;
            return { type: 'role', arn, partition, account, name };
        }
    }
    if (identity.type === 'IAMUser')
        return userCaller(record);
    return undefined;
}
function userCaller(record) {
    const identity = record.userIdentity;
    if (typeof identity.arn === 'string') {
        const user = parseIamArn(identity.arn);
        return user?.type === 'user' ? { arn: identity.arn, ...user } : undefined;
    }
    const { accountId, userName } = identity;
    if (typeof accountId !== 'string' || typeof userName !== 'string')
        return undefined;
    if (!/^\d{12}$/.test(accountId) || !PRINCIPAL_NAME.test(userName))
        return undefined;
    const partition = partitionOfRegion(record.awsRegion);
    const arn = `arn:${partition}:iam::${accountId}:user/${userName}`;
    return { type: 'user', arn, partition, account: accountId, name: userName };
}
/** The partition of a region (`cn-north-1` → `aws-cn`); `aws` when unknown. */
function partitionOfRegion(region) {
    if (typeof region !== 'string')
        return 'aws';
    if (region.startsWith('cn-'))
        return 'aws-cn';
    if (region.startsWith('us-gov-'))
        return 'aws-us-gov';
    if (region.startsWith('us-isob-'))
        return 'aws-iso-b';
    if (region.startsWith('us-iso-'))
        return 'aws-iso';
    return 'aws';
}
/**
 * Whether a record was made by the principal. Names are unique within an account whatever
 * the path, so a full ARN matches on type, partition, account and name; a plain name matches
 * in every account.
 */
function matchesPrincipal(principal, caller) {
    if (principal.type === 'permission-set') {
        return caller.type === 'role' && isPermissionSetRole(principal.name, caller.name, caller.path);
    }
    if (caller.type !== principal.type || caller.name !== principal.name)
        return false;
    if (principal.kind === 'name')
        return true;
    return caller.account === principal.account && caller.partition === principal.partition;
}
/** Error codes that mean the call was refused by authorization. Any other error means it was allowed. */
const DENIED_ERROR_CODES = new Set([
    'AccessDenied',
    'AccessDeniedException',
    'Client.AccessDenied',
    'Client.UnauthorizedOperation',
    'UnauthorizedOperation',
    'AuthorizationError',
    'AuthorizationErrorException',
]);
function isDenied(record) {
    return typeof record.errorCode === 'string' && DENIED_ERROR_CODES.has(record.errorCode);
}
const DENIED_ACTION = /not authorized to perform:?\s*([A-Za-z0-9-]+:[A-Za-z0-9_*-]+)/i;
/**
 * The action a denial message names, as written ('... is not authorized to perform:
 * lambda:ListFunctions on resource: ...' → 'lambda:ListFunctions'); the mapping stage checks it
 * against the catalogue and spells it canonically.
 */
function deniedActionIn(errorMessage) {
    return DENIED_ACTION.exec(errorMessage)?.[1];
}

;// CONCATENATED MODULE: ./src/activity/scan/parameters.ts
/**
 * The request parameters of a record that change which IAM actions its call needed, as short
 * facts (the mapping stage turns them into actions, mapping/parameters.ts):
 *
 * - `versionId`: an S3 object call on a given version (`GetObject` then needs
 *   `s3:GetObjectVersion`);
 * - `bypass-governance`: the `x-amz-bypass-governance-retention` header
 *   (`s3:BypassGovernanceRetention`);
 * - `acl`: a canned ACL or grant header on an upload or a new bucket (`s3:PutObjectAcl`,
 *   `s3:PutBucketAcl`);
 * - `tagging`: the `x-amz-tagging` header on an upload (`s3:PutObjectTagging`);
 * - `role <arn>`: a write call of another service handed an IAM role (`iam:PassRole` on it): a
 *   parameter named like a role (`roleArn`, `role`, `executionRoleArn`, `ServiceRole`, ...)
 *   holding a role ARN;
 * - `instance-profile <arn or name>`: an EC2 call given an instance profile (passing its role).
 *
 * Pure and bounded: a few facts per record, parameters read at most a few levels deep.
 */
function requestFacts(record) {
    const params = record.requestParameters;
    if (typeof params !== 'object' || params === null || Array.isArray(params))
        return [];
    const p = params;
    const facts = new Set();
    if (nonEmptyString(p.versionId) || nonEmptyString(p.VersionId))
        facts.add('versionId');
    if (isTrue(p['x-amz-bypass-governance-retention']) || isTrue(p.bypassGovernanceRetention)) {
        facts.add('bypass-governance');
    }
    for (const key of Object.keys(p)) {
        const lower = key.toLowerCase();
        if (lower === 'x-amz-acl' || lower.startsWith('x-amz-grant-'))
            facts.add('acl');
        if (lower === 'x-amz-tagging')
            facts.add('tagging');
    }
    const source = record.eventSource ?? '';
    // Roles handed to services; IAM's and STS's own calls name roles without passing them.
    if (source !== 'iam.amazonaws.com' && source !== 'sts.amazonaws.com' && !isReadOnly(record)) {
        for (const arn of passedRoles(p, 0)) {
            facts.add(`role ${arn}`);
            if (facts.size >= MAX_FACTS)
                break;
        }
        const profile = p.iamInstanceProfile;
        if (typeof profile === 'object' && profile !== null) {
            const { arn, name } = profile;
            const id = nonEmptyString(arn) ? arn : nonEmptyString(name) ? name : '';
            facts.add(`instance-profile ${id}`.trim());
        }
    }
    return [...facts].sort().slice(0, MAX_FACTS);
}
const MAX_FACTS = 8;
const MAX_DEPTH = 3;
const ROLE_KEY = /role(arn)?$/i;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
function passedRoles(value, depth) {
    const found = [];
    for (const [key, v] of Object.entries(value)) {
        if (typeof v === 'string') {
            if (ROLE_KEY.test(key) && ROLE_ARN.test(v))
                found.push(v);
        }
        else if (depth < MAX_DEPTH && typeof v === 'object' && v !== null) {
            const items = Array.isArray(v) ? v.slice(0, 20) : [v];
            for (const item of items) {
                if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
                    found.push(...passedRoles(item, depth + 1));
                }
            }
        }
        if (found.length >= MAX_FACTS)
            break;
    }
    return found;
}
function isReadOnly(record) {
    if (typeof record.readOnly === 'boolean')
        return record.readOnly;
    return /^(Get|List|Describe|Head|Search|Lookup|BatchGet)/.test(record.eventName ?? '');
}
function nonEmptyString(value) {
    return typeof value === 'string' && value !== '';
}
function isTrue(value) {
    return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

;// CONCATENATED MODULE: ./src/activity/scan/resources.ts

const MAX_RESOURCES = 8;
const resources_MAX_DEPTH = 2;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/s;
/**
 * A session's ARN (`assumed-role/<role>/<session>`, `federated-user/<name>`): sessions are
 * gone within hours, so no policy is scoped to one, and their names are often people's e-mail
 * addresses (Identity Center sessions always are), which no report may print.
 */
const SESSION_ARN = /^arn:[^:]+:sts::[^:]*:(assumed-role|federated-user)\//;
/** Whether the text holds a control character: no ARN does. */
function hasControl(text) {
    for (let i = 0; i < text.length; i++)
        if (text.charCodeAt(i) < 0x20)
            return true;
    return false;
}
function callResources(record) {
    const found = new Map();
    const add = (arn, how) => {
        if (arn.length > 2048 || !ARN.test(arn) || hasControl(arn) || SESSION_ARN.test(arn))
            return;
        // The most direct evidence wins: the record's own list, then the request as written.
        const before = found.get(arn);
        if (before === undefined || resourceRank(how) < resourceRank(before))
            found.set(arn, how);
    };
    if (Array.isArray(record.resources)) {
        for (const resource of record.resources.slice(0, 50)) {
            if (typeof resource?.ARN === 'string')
                add(resource.ARN, 'resources');
        }
    }
    const params = record.requestParameters;
    if (typeof params === 'object' && params !== null && !Array.isArray(params)) {
        const p = params;
        for (const arn of arnsIn(p, 0))
            add(arn, 'request');
        for (const arn of inferred(record, p))
            add(arn, 'inferred');
    }
    return [...found]
        .map(([arn, how]) => `${how} ${arn}`)
        .sort()
        .slice(0, MAX_RESOURCES);
}
/** `how arn` → its parts. */
function parseResource(encoded) {
    const space = encoded.indexOf(' ');
    return { how: encoded.slice(0, space), arn: encoded.slice(space + 1) };
}
/** How direct the evidence is: the record's own list (0), the request as written (1), inferred (2). */
function resourceRank(how) {
    return how === 'resources' ? 0 : how === 'request' ? 1 : 2;
}
function arnsIn(value, depth) {
    const found = [];
    for (const v of Object.values(value)) {
        const items = Array.isArray(v) ? v.slice(0, 20) : [v];
        for (const item of items) {
            if (typeof item === 'string') {
                if (item.startsWith('arn:'))
                    found.push(item);
            }
            else if (depth < resources_MAX_DEPTH && typeof item === 'object' && item !== null) {
                found.push(...arnsIn(item, depth + 1));
            }
        }
        if (found.length >= MAX_RESOURCES * 2)
            break;
    }
    return found;
}
/**
 * A queue URL's region, account and name: `https://sqs.<region>.amazonaws.com/<account>/<name>`,
 * the legacy `https://<region>.queue.amazonaws.com/...` and `https://queue.amazonaws.com/...`
 * (us-east-1).
 */
function queueOf(url, recordRegion) {
    if (url === undefined)
        return undefined;
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return undefined;
    }
    const path = /^\/(\d{12})\/([\w-]{1,80}(?:\.fifo)?)$/.exec(parsed.pathname);
    if (!path)
        return undefined;
    const host = parsed.hostname.toLowerCase();
    const region = /^sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(host)?.[1] ??
        /^([a-z0-9-]+)\.queue\.amazonaws\.com(?:\.cn)?$/.exec(host)?.[1] ??
        (host === 'queue.amazonaws.com' ? 'us-east-1' : recordRegion);
    return region ? { region, account: path[1], name: path[2] } : undefined;
}
const KEY_ID = /^(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const NAME = /^[\w.-]{1,255}$/;
/** ARNs a name in the request fixes, with the record's partition, region and account. */
function inferred(record, p) {
    const region = typeof record.awsRegion === 'string' ? record.awsRegion : '';
    const account = typeof record.recipientAccountId === 'string'
        ? record.recipientAccountId
        : typeof record.userIdentity?.accountId === 'string'
            ? record.userIdentity.accountId
            : '';
    const partition = partitionOfRegion(region);
    const str = (value) => typeof value === 'string' && value !== '' ? value : undefined;
    const out = [];
    switch (record.eventSource) {
        case 's3.amazonaws.com': {
            const bucket = str(p.bucketName);
            if (bucket === undefined || !/^[a-z0-9][a-z0-9.-]{1,62}$/.test(bucket))
                break;
            const key = str(p.key);
            out.push(`arn:${partition}:s3:::${bucket}`);
            if (key !== undefined)
                out.push(`arn:${partition}:s3:::${bucket}/${key}`);
            break;
        }
        case 'dynamodb.amazonaws.com': {
            const table = str(p.tableName);
            if (table !== undefined && NAME.test(table) && region && account) {
                out.push(`arn:${partition}:dynamodb:${region}:${account}:table/${table}`);
            }
            break;
        }
        case 'sqs.amazonaws.com': {
            const queue = queueOf(str(p.queueUrl) ?? str(p.QueueUrl), region);
            if (queue !== undefined) {
                out.push(`arn:${partitionOfRegion(queue.region)}:sqs:${queue.region}:${queue.account}:${queue.name}`);
            }
            else {
                const name = str(p.queueName) ?? str(p.QueueName);
                if (name !== undefined && NAME.test(name) && region && account) {
                    out.push(`arn:${partition}:sqs:${region}:${account}:${name}`);
                }
            }
            break;
        }
        case 'lambda.amazonaws.com': {
            const name = str(p.functionName) ?? str(p.FunctionName);
            if (name !== undefined && /^[\w-]{1,140}$/.test(name) && region && account) {
                out.push(`arn:${partition}:lambda:${region}:${account}:function:${name}`);
            }
            break;
        }
        case 'kms.amazonaws.com': {
            const id = str(p.keyId) ?? str(p.KeyId);
            if (id !== undefined && region && account) {
                if (KEY_ID.test(id))
                    out.push(`arn:${partition}:kms:${region}:${account}:key/${id}`);
                else if (/^alias\/[\w/-]+$/.test(id)) {
                    out.push(`arn:${partition}:kms:${region}:${account}:${id}`);
                }
            }
            break;
        }
        case 'ssm.amazonaws.com': {
            const list = Array.isArray(p.names) ? p.names.slice(0, 10) : [];
            const names = [str(p.name), ...list];
            for (const name of names) {
                if (typeof name !== 'string' || name === '' || name.startsWith('arn:'))
                    continue;
                if (!/^\/?[\w.\-/]{1,2048}$/.test(name) || !region || !account)
                    continue;
                out.push(`arn:${partition}:ssm:${region}:${account}:parameter/${name.replace(/^\//, '')}`);
            }
            break;
        }
        case undefined:
        default:
            break;
    }
    return out;
}

;// CONCATENATED MODULE: ./src/activity/scan/names.ts
/**
 * Finding many names in a file's bytes in one pass. `Buffer.indexOf` is native and fast for
 * one name, but a fleet's ten or a hundred names would each take their own pass over every
 * byte: an Aho–Corasick automaton takes one, whatever their number.
 */
/**
 * The names as a deterministic automaton over bytes: `next[state * 256 + byte]` is the state
 * after a byte, and `final[state]` is 1 when some name ends there. State 0 is the start.
 */
class NameAutomaton {
    next;
    final;
    constructor(names) {
        const trie = [new Map()];
        const ends = [false];
        for (const name of names) {
            let state = 0;
            for (const byte of Buffer.from(name)) {
                let child = trie[state].get(byte);
                if (child === undefined) {
                    child = trie.length;
                    trie.push(new Map());
                    ends.push(false);
                    trie[state].set(byte, child);
                }
                state = child;
            }
            ends[state] = true;
        }
        const states = trie.length;
        this.next = states < 0x10000 ? new Uint16Array(states * 256) : new Uint32Array(states * 256);
        this.final = new Uint8Array(states);
        this.complete(trie, ends);
    }
    /** Fills in every transition, breadth first: a missing one follows the failure link's. */
    complete(trie, ends) {
        const { next, final } = this;
        const fail = new Int32Array(trie.length);
        const queue = [];
        for (const [byte, child] of trie[0]) {
            next[byte] = child;
            queue.push(child);
        }
        final[0] = ends[0] ? 1 : 0;
        for (let head = 0; head < queue.length; head++) {
            const state = queue[head];
            final[state] = ends[state] || final[fail[state]] === 1 ? 1 : 0;
            for (let byte = 0; byte < 256; byte++) {
                const child = trie[state].get(byte);
                const viaFailure = next[fail[state] * 256 + byte];
                if (child === undefined) {
                    next[state * 256 + byte] = viaFailure;
                }
                else {
                    next[state * 256 + byte] = child;
                    fail[child] = viaFailure;
                    queue.push(child);
                }
            }
        }
    }
}
/**
 * The names' shortest length from which `NameSkipSearch` beats the automaton: below it, its
 * shifts are too short to pay for the verifications (measured on a trail: even at 3, 10% faster
 * from 4, four times faster at 8).
 */
const SKIP_SEARCH_MIN_LENGTH = 4;
/**
 * Finding many names by skipping (Wu–Manber, blocks of two bytes): a window the length `m` of
 * the shortest name slides over the bytes, and the two bytes that end it say how far it may
 * jump: as far as the nearest place those two bytes have in the first `m` bytes of some name
 * lets it, else `m - 1`. Only where they end some name's first `m` bytes are the names that do
 * compared, whole. For names of eight bytes the loop looks at a fifth of the bytes, where the
 * automaton looks at every one; the automaton stays for names shorter than
 * `SKIP_SEARCH_MIN_LENGTH`.
 */
class NameSkipSearch {
    /** The window: the shortest name's length (at most 255, so that shifts fit in a byte). */
    window;
    /** By block (`first << 8 | second`): how far the window may move; 0 to compare names. */
    shift = new Uint8Array(0x10000);
    /** By block: 1 + the index in `candidates` of the names whose window ends with it, else 0. */
    bucket = new Uint32Array(0x10000);
    candidates = [];
    constructor(names) {
        const bytes = names.map((name) => Buffer.from(name));
        const window = Math.min(255, ...bytes.map((name) => name.length));
        if (bytes.length === 0 || window < 2)
            throw new Error('names of two bytes or more expected');
        this.window = window;
        this.shift.fill(window - 1);
        for (const name of bytes) {
            for (let j = 1; j < window; j++) {
                const block = (name[j - 1] << 8) | name[j];
                const shift = window - 1 - j;
                if (shift < this.shift[block])
                    this.shift[block] = shift;
            }
            const last = (name[window - 2] << 8) | name[window - 1];
            if (this.bucket[last] === 0)
                this.bucket[last] = this.candidates.push([]);
            this.candidates[this.bucket[last] - 1].push(name);
        }
    }
    /**
     * The offset where the first name (by where it starts) found whole in `data[from, to)`
     * starts, or -1.
     */
    find(data, from, to) {
        const { window, shift, bucket, candidates } = this;
        let p = from + window - 1;
        while (p < to) {
            const block = (data[p - 1] << 8) | data[p];
            const skip = shift[block];
            if (skip !== 0) {
                p += skip;
                continue;
            }
            const start = p - window + 1;
            for (const name of candidates[bucket[block] - 1]) {
                const length = name.length;
                if (start + length > to)
                    continue;
                let k = 0;
                while (k < length && data[start + k] === name[k])
                    k++;
                if (k === length)
                    return start;
            }
            p++;
        }
        return -1;
    }
}

;// CONCATENATED MODULE: ./src/activity/scan/scan.ts






const CALL_STRIDE = 4;
/** Distinct other principals a file's scan names at most. */
const MAX_OTHERS = 8;
const CLOUDTRAIL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** Gunzips (by magic number) and scans one log file; throws `LogFileError` when it is unusable. */
function scanLogFile(stored, config) {
    // The gunzipped bytes are in a buffer kept for the next file (see inflate.ts): nothing of
    // them outlives this call but copies.
    const data = decompress(stored, config.maxFileBytes ?? Infinity);
    if (config.fastPaths) {
        const scan = scanFast(data, config);
        if (scan)
            return scan;
    }
    const records = parseLogText(data.toString('utf8'));
    const scan = emptyScan(data.length, records.length, 'parsed', config.principals.length);
    const matcher = new Matcher(config, scan);
    for (const record of records)
        matcher.add(record);
    return scan;
}
/**
 * Frees a buffer's memory now rather than at some later garbage collection: V8 lets dead
 * buffers pile up by tens of megabytes per thread, which would be most of the peak memory. Only
 * for buffers whose every view the caller owns. Node's shared pool of small buffers cannot be
 * detached (it throws, and nothing happens); without `ArrayBuffer.prototype.transfer` (Node 20)
 * the garbage collector frees it as before.
 */
function release(bytes) {
    const buffer = bytes.buffer;
    if (!(buffer instanceof ArrayBuffer) || typeof buffer.transfer !== 'function')
        return;
    // Small buffers are not worth it, and a buffer the size of a pool slab may be one.
    if (buffer.byteLength < 16 * 1024 || buffer.byteLength === Buffer.poolSize)
        return;
    try {
        buffer.transfer(0);
    }
    catch {
        // A pooled buffer: shared, left to the garbage collector.
    }
}
function emptyScan(bytes, records, path, principals) {
    return {
        bytes,
        records,
        outsideWindow: new Array(principals).fill(0),
        badTime: new Array(principals).fill(0),
        others: Array.from({ length: principals }, () => []),
        notApiCalls: new Array(principals).fill(0),
        groups: [],
        resourceLists: [],
        calls: [],
        path,
    };
}
/**
 * Gunzips when the bytes are gzip (by magic number, not by name), into the thread's reused
 * buffer, sized from the gzip trailer (the uncompressed size modulo 2^32); a wrong trailer
 * only costs speed. The result is valid until the next call.
 */
function decompress(bytes, maxBytes) {
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
        const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const size = bytes.length >= 18 ? view.readUInt32LE(bytes.length - 4) : 0;
        try {
            return gunzipReusing(view, size, maxBytes);
        }
        catch (error) {
            if (error instanceof TooLargeError)
                throw new LogFileError(error.message);
            throw new LogFileError(`bad gzip data (${error.message})`);
        }
    }
    if (bytes.length > maxBytes)
        throw new LogFileError(inflate_tooLargeMessage(maxBytes));
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
/** The filters of one file's records, in the order the reader has always applied them. */
class Matcher {
    config;
    scan;
    groupIndex = new Map();
    listIndex = new Map();
    names;
    /** Per principal, what its records' callers hold (`principalNeedle`). */
    needles;
    constructor(config, scan) {
        this.config = config;
        this.scan = scan;
        this.names = searchOf(config).names;
        this.needles = config.principals.map(principalNeedle);
    }
    add(record) {
        if (this.config.fastPaths && !this.names.some((name) => mentions(record, name)))
            return;
        const caller = callerOf(record);
        if (!caller)
            return;
        const { principals } = this.config;
        for (let p = 0; p < principals.length; p++) {
            if (matchesPrincipal(principals[p], caller))
                this.addCall(record, p, caller.arn);
            else
                this.other(record, p, caller.arn);
        }
    }
    /**
     * A caller that is not the principal, kept when its record names the principal: what a read
     * of that principal alone would keep, whatever the other principals of the run.
     */
    other(record, principal, arn) {
        const others = this.scan.others[principal];
        if (others.length >= MAX_OTHERS || others.includes(arn))
            return;
        if (mentions(record, this.needles[principal]))
            others.push(arn);
    }
    addCall(record, principal, issuer) {
        const { scan } = this;
        const time = normalizeTime(record.eventTime);
        if (time === undefined) {
            scan.badTime[principal]++;
            return;
        }
        if (time < this.config.fromIso || time >= this.config.toIso) {
            scan.outsideWindow[principal]++;
            return;
        }
        if (record.eventType !== 'AwsApiCall' ||
            typeof record.eventSource !== 'string' ||
            typeof record.eventName !== 'string') {
            scan.notApiCalls[principal]++;
            return;
        }
        const group = callGroupOf(record, issuer, principal);
        // The group's own fields, in their fixed order: no second list of them per call.
        const key = JSON.stringify(group);
        let index = this.groupIndex.get(key);
        if (index === undefined) {
            index = scan.groups.length;
            this.groupIndex.set(key, index);
            scan.groups.push(group);
        }
        scan.calls.push(index, time, typeof record.eventID === 'string' ? record.eventID : null, this.resourceList(record));
    }
    /** The index of the call's list of resources in the file's lists; null when none. */
    resourceList(record) {
        const resources = callResources(record);
        if (resources.length === 0)
            return null;
        const joined = resources.join('\n');
        let list = this.listIndex.get(joined);
        if (list === undefined) {
            list = this.scan.resourceLists.length;
            this.listIndex.set(joined, list);
            this.scan.resourceLists.push(joined);
        }
        return list;
    }
}
/** Up to this many names, one native `indexOf` pass per name beats one pass of the automaton. */
const INDEXOF_NAMES = 2;
const searches = new WeakMap();
function searchOf(config) {
    let search = searches.get(config);
    if (!search) {
        const names = [...new Set(config.principals.map(principalNeedle))];
        const shortest = Math.min(...names.map((name) => Buffer.byteLength(name)));
        search = {
            names,
            characters: names.join(''),
            ...(names.length <= INDEXOF_NAMES
                ? {}
                : shortest >= SKIP_SEARCH_MIN_LENGTH
                    ? { skip: new NameSkipSearch(names) }
                    : { automaton: new NameAutomaton(names) }),
        };
        searches.set(config, search);
    }
    return search;
}
/** What a call shares with the others of its group: all but its time, event ID and resources. */
function callGroupOf(record, issuer, principal = 0) {
    const denied = isDenied(record);
    const account = record.recipientAccountId ?? record.userIdentity?.accountId;
    return {
        principal,
        issuer,
        eventSource: record.eventSource,
        eventName: record.eventName,
        awsRegion: typeof record.awsRegion === 'string' ? record.awsRegion : null,
        account: typeof account === 'string' ? account : null,
        dataEvent: record.eventCategory === 'Data',
        denied,
        deniedAction: denied ? (deniedActionIn(record.errorMessage ?? '') ?? null) : null,
        facts: requestFacts(record),
    };
}
/**
 * False when none of the fields `callerOf` reads (the session issuer's ARN, the caller's ARN,
 * a user's name) contains the name, so the record cannot be that principal's: substring tests
 * instead of parsing ARNs for every other caller's records.
 */
function mentions(record, name) {
    const identity = record.userIdentity;
    if (!identity)
        return false;
    const issuer = identity.sessionContext?.sessionIssuer?.arn;
    if (typeof issuer === 'string' && issuer.includes(name))
        return true;
    if (typeof identity.arn === 'string' && identity.arn.includes(name))
        return true;
    return typeof identity.userName === 'string' && identity.userName.includes(name);
}
/**
 * CloudTrail writes `2026-01-31T12:00:00Z`; other ISO forms are brought to that form. Undefined
 * for what is not a real time (`2026-02-30T00:00:00Z`, `yesterday`, a number).
 */
function normalizeTime(value) {
    if (typeof value !== 'string')
        return undefined;
    const date = new Date(value);
    if (Number.isNaN(date.getTime()))
        return undefined;
    const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
    // A time in CloudTrail's form must be that very time (no 30 February rolled into March).
    return CLOUDTRAIL_TIME.test(value) ? (iso === value ? value : undefined) : iso;
}
// ---------------------------------------------------------------------------------------------
// The fast path, on the bytes of a file shaped as CloudTrail writes it: an object whose one key
// is `Records`, an array of records separated by commas, each an object whose first key is
// `eventVersion`. CloudTrail writes it on one line with no spaces (`{"Records":[{"eventVersion":`
// ... `},{"eventVersion":` ... `}]}`); pretty-printed and re-exported files have the same
// tokens with JSON whitespace between them (space, tab, LF, CR: `JSON.stringify(x, null, 2)`,
// `python -m json.tool`, CRLF line ends). So, with `ws` for any run of those four bytes (or
// none), the accepted form is
//
//   ws { ws "Records" ws : ws [ ws RECORD ws , ws RECORD ... ws ] ws } ws    (or an empty array)
//
// where each RECORD starts `{ ws "eventVersion" ws :` and ends `}`. All of it is checked on the
// bytes: the file is never turned into one string, and the compact form costs about what it
// did when no whitespace was accepted.
const RECORDS_KEY = Buffer.from('"Records"');
const FIRST_KEY = Buffer.from('"eventVersion"');
/**
 * What is searched for: `Buffer.indexOf` looks for a pattern's first byte, and `"` and `e` are
 * everywhere in a trail while `v` is not, so from `"e` on the search is three times slower.
 */
const FIRST_KEY_TAIL = FIRST_KEY.subarray(2);
const ESCAPE = Buffer.from('\\u');
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/**
 * Scans a file without parsing it whole, or returns undefined when the file is not in the form
 * that makes that exact (then it is parsed whole, as without fast paths):
 *
 * - The principal's records are found by its name: the fields `callerOf` reads hold it verbatim,
 *   unless JSON escapes (`\u0061`) spell one of its characters, and a file with such an escape
 *   is parsed whole. A record whose text does not contain the name is never parsed.
 * - Records are counted and delimited by `"eventVersion"` after `{` and whitespace and before
 *   whitespace and `:`, the key CloudTrail writes first in every record; the first such
 *   delimiter must open the array, and every other must follow `}` ws `,` ws. In valid JSON
 *   the bytes `"eventVersion"` after `{` are an object's first key, never inside a string (a
 *   quote inside a string is escaped). Each record that mentions the name is parsed on its own,
 *   from its `{` to the `}` before the next delimiter's comma (or before the array's `]`), and
 *   must be one JSON object, so a delimiter inside such a record (which would cut it into two
 *   invalid halves) sends the file to the whole parse.
 *
 * What is not checked, in records that do not mention the principal: their JSON validity, and that
 * each starts with `eventVersion` and holds no nested object that does. A file with the trail's
 * envelope that is invalid inside counts as read instead of failed (gzip's CRC catches
 * corruption of what CloudTrail wrote), and a record shaped otherwise than CloudTrail writes
 * them could be miscounted in `recordsRead`; neither changes what the principal is found to do.
 */
function scanFast(data, config) {
    const array = arrayBounds(data);
    if (!array)
        return undefined;
    const principals = config.principals.length;
    if (array.start === array.end)
        return emptyScan(data.length, 0, 'skipped', principals);
    // What the principals' records must contain: one of their names.
    if (hasEscapeOf(data, searchOf(config).characters))
        return undefined;
    const starts = recordStarts(data, array.start, array.end);
    if (!starts)
        return undefined;
    return scanMentions(data, starts, array.end, config);
}
/**
 * Where the records array's contents lie: from its first byte after `[` and whitespace to its
 * closing `]` (the same offset when the array is empty). Undefined unless the file is
 * ws `{` ws `"Records"` ws `:` ws `[` ... `]` ws `}` ws.
 */
function arrayBounds(data) {
    let at = skipSpace(data, 0);
    if (data[at] !== OPEN_BRACE)
        return undefined;
    at = skipSpace(data, at + 1);
    if (!bytesAt(data, RECORDS_KEY, at))
        return undefined;
    at = skipSpace(data, at + RECORDS_KEY.length);
    if (data[at] !== COLON)
        return undefined;
    at = skipSpace(data, at + 1);
    if (data[at] !== OPEN_BRACKET)
        return undefined;
    const start = skipSpace(data, at + 1);
    const close = lastBefore(data, data.length);
    if (data[close] !== CLOSE_BRACE)
        return undefined;
    const end = lastBefore(data, close);
    if (data[end] !== CLOSE_BRACKET || end < start)
        return undefined;
    return { start, end };
}
/**
 * The offsets of the records' opening braces in the array's contents `[start, end)`: each `{`
 * followed by ws `"eventVersion"` ws `:`. The first must be at `start`, every other must
 * follow `}` ws `,` ws, and the last record must end with `}` before the array's `]`.
 * Undefined when the array is not so shaped.
 */
function recordStarts(data, start, end) {
    const starts = [];
    let tail = data.indexOf(FIRST_KEY_TAIL, start);
    while (tail !== -1 && tail < end) {
        const open = firstKeyOpen(data, tail);
        if (open !== -1) {
            if (starts.length === 0 ? open !== start : previousRecordEnd(data, open) === -1) {
                return undefined;
            }
            starts.push(open);
        }
        tail = data.indexOf(FIRST_KEY_TAIL, tail + FIRST_KEY_TAIL.length);
    }
    if (starts.length === 0 || data[lastBefore(data, end)] !== CLOSE_BRACE)
        return undefined;
    return starts;
}
/**
 * The offset of the `{` that opens an object whose first key is the `"eventVersion"` ending in
 * the `FIRST_KEY_TAIL` at `tail` (`{` ws `"eventVersion"` ws `:`), or -1. The bytes before the
 * tail are compared one by one: a call to `Buffer.compare` per record costs more.
 */
function firstKeyOpen(data, tail) {
    const at = tail - (FIRST_KEY.length - FIRST_KEY_TAIL.length);
    for (let k = 0; at + k < tail; k++) {
        if (data[at + k] !== FIRST_KEY[k])
            return -1;
    }
    if (data[skipSpace(data, at + FIRST_KEY.length)] !== COLON)
        return -1;
    const open = lastBefore(data, at);
    return data[open] === OPEN_BRACE ? open : -1;
}
/**
 * Parses, each on its own, the records whose text holds one of the names, and adds them to the
 * scan; undefined when one of them is not one JSON object.
 */
function scanMentions(data, starts, end, config) {
    const naming = recordsNaming(data, starts, end, config);
    const path = naming.length === 0 ? 'skipped' : 'partly-parsed';
    const scan = emptyScan(data.length, starts.length, path, config.principals.length);
    if (naming.length === 0)
        return scan;
    const matcher = new Matcher(config, scan);
    for (const i of naming) {
        let record;
        try {
            record = JSON.parse(data.toString('utf8', starts[i], recordEnd(data, starts, i, end)));
        }
        catch {
            return undefined;
        }
        if (typeof record !== 'object' || record === null || Array.isArray(record))
            return undefined;
        matcher.add(record);
    }
    return scan;
}
/**
 * The records (by index in `starts`) whose text holds one of the names, in file order: one
 * `indexOf` pass per name, each skipping to the end of the record it hit; for more names, one
 * pass of their skip search or automaton.
 */
function recordsNaming(data, starts, end, config) {
    const { names, skip, automaton } = searchOf(config);
    if (skip)
        return recordsNamingSkipping(data, starts, end, skip);
    return automaton
        ? recordsNamingAny(data, starts, end, automaton)
        : recordsNamingEach(data, starts, end, names);
}
/**
 * `recordsNaming` by the skip search, each search going on from the end of the record it hit.
 * A name found at `at` inside record `i` lies in it whole: it cannot reach past the record's
 * closing `}`, which no name holds. A name in the bytes between records (a name such as `,`)
 * is in none of them, nor is any other name that starts there before the next record.
 */
function recordsNamingSkipping(data, starts, end, skip) {
    const records = [];
    let i = 0;
    let at = skip.find(data, starts[0], end);
    while (at !== -1) {
        while (i + 1 < starts.length && starts[i + 1] <= at)
            i++;
        const to = recordEnd(data, starts, i, end);
        let from = at + 1;
        if (at < to) {
            records.push(i);
            from = to;
        }
        at = skip.find(data, from, end);
    }
    return records;
}
/**
 * `recordsNaming` in one pass of the automaton. A name ends at `p` inside record `i` when `p` is
 * before the record's end: it cannot have begun before the record's `{`, which no name holds.
 * Past a hit the search goes on from the record's end; a name in the bytes between records (a
 * name such as `,`) is in none of them.
 */
function recordsNamingAny(data, starts, end, automaton) {
    const { next, final } = automaton;
    const records = [];
    let state = 0;
    let i = 0;
    for (let p = starts[0]; p < end; p++) {
        state = next[(state << 8) | data[p]];
        if (final[state] !== 1)
            continue;
        while (i + 1 < starts.length && starts[i + 1] <= p)
            i++;
        const to = recordEnd(data, starts, i, end);
        if (p < to) {
            records.push(i);
            p = to - 1;
            state = 0;
        }
    }
    return records;
}
/** `recordsNaming` with one `indexOf` pass per name. */
function recordsNamingEach(data, starts, end, names) {
    const hit = new Uint8Array(starts.length);
    let any = false;
    for (const text of names) {
        const name = Buffer.from(text);
        let i = 0;
        let at = data.indexOf(name, starts[0]);
        while (at !== -1 && at < end) {
            while (i + 1 < starts.length && starts[i + 1] <= at)
                i++;
            const to = recordEnd(data, starts, i, end);
            // A hit between records (a name such as `,`) is in none of them.
            if (at < to) {
                hit[i] = 1;
                any = true;
            }
            at = data.indexOf(name, Math.max(to, at + 1));
        }
    }
    if (!any)
        return [];
    const records = [];
    for (let i = 0; i < hit.length; i++)
        if (hit[i] === 1)
            records.push(i);
    return records;
}
/** Just past the `}` that ends record `i`: before the next record's comma, or the array's `]`. */
function recordEnd(data, starts, i, end) {
    const next = starts[i + 1];
    return next === undefined ? lastBefore(data, end) + 1 : previousRecordEnd(data, next);
}
/**
 * Where the record before the one opening at `open` ends (just past its `}`), when `}` ws `,`
 * ws come before `open`; else -1.
 */
function previousRecordEnd(data, open) {
    const comma = lastBefore(data, open);
    if (data[comma] !== COMMA)
        return -1;
    const close = lastBefore(data, comma);
    return data[close] === CLOSE_BRACE ? close + 1 : -1;
}
/** The offset of the first byte at or after `at` that is not JSON whitespace (or the length). */
function skipSpace(data, at) {
    while (at < data.length && isSpace(data[at]))
        at++;
    return at;
}
/** The offset of the last byte before `at` that is not JSON whitespace (or -1). */
function lastBefore(data, at) {
    at--;
    while (at >= 0 && isSpace(data[at]))
        at--;
    return at;
}
/** Whether `bytes` are in `data` at `at`. */
function bytesAt(data, bytes, at) {
    return (at + bytes.length <= data.length &&
        data.compare(bytes, 0, bytes.length, at, at + bytes.length) === 0);
}
function isSpace(byte) {
    return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
/** Whether a `\uXXXX` escape in the text spells a character of the name. */
function hasEscapeOf(data, name) {
    for (let at = data.indexOf(ESCAPE); at !== -1; at = data.indexOf(ESCAPE, at + 2)) {
        const hex = data.toString('latin1', at + 2, at + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex))
            continue;
        if (name.includes(String.fromCharCode(parseInt(hex, 16))))
            return true;
    }
    return false;
}

;// CONCATENATED MODULE: ./src/activity/scan/worker.ts
/**
 * The reader's worker thread: scans the log files the main thread sends it (their bytes, or
 * their paths to read itself) and answers with each file's scan or why the file is unusable.
 * `scripts/package.mjs` bundles this file on its own, beside each bundle
 * (`dist/read-worker.mjs`, `dist/cli/read-worker.mjs`).
 */





const config = external_node_worker_threads_namespaceObject.workerData;
const port = external_node_worker_threads_namespaceObject.parentPort;
port?.on('message', (first) => {
    // The requests already queued are scanned too, and all are answered in one message: a
    // message costs about as much as scanning a small file, and wakes the main thread.
    const replies = [answer(first)];
    for (;;) {
        const next = (0,external_node_worker_threads_namespaceObject.receiveMessageOnPort)(port);
        if (!next)
            break;
        replies.push(answer(next.message));
    }
    port.postMessage(replies);
});
function answer(request) {
    let reply;
    try {
        if ('path' in request) {
            reply = { id: request.id, scan: scanLogFile(readWhole(request.path), config) };
        }
        else {
            reply = { id: request.id, scan: scanLogFile(request.bytes, config) };
        }
    }
    catch (error) {
        reply = {
            id: request.id,
            error: error instanceof Error ? error.message : String(error),
            logFileError: error instanceof LogFileError,
        };
    }
    // The bytes sent were moved to this thread: its own to free.
    if ('bytes' in request)
        release(request.bytes);
    else
        shrinkReadBuffer();
    return reply;
}
/** One buffer for every file this thread reads, grown as needed: no garbage per file. */
let readBuffer = Buffer.allocUnsafeSlow(256 * 1024);
/** A file's bytes, in `readBuffer` (valid until the next call). */
function readWhole(path) {
    const fd = (0,external_node_fs_namespaceObject.openSync)(path, 'r');
    try {
        const expected = (0,external_node_fs_namespaceObject.fstatSync)(fd).size;
        // Stored larger than the limit: larger still uncompressed, and not worth reading.
        if (config.maxFileBytes !== undefined && expected > config.maxFileBytes) {
            throw new LogFileError(inflate_tooLargeMessage(config.maxFileBytes));
        }
        if (readBuffer.length < expected + 1)
            readBuffer = Buffer.allocUnsafeSlow(expected + 1);
        let length = 0;
        for (;;) {
            if (length === readBuffer.length) {
                const bigger = Buffer.allocUnsafeSlow(readBuffer.length * 2);
                readBuffer.copy(bigger, 0, 0, length);
                readBuffer = bigger;
            }
            const n = (0,external_node_fs_namespaceObject.readSync)(fd, readBuffer, length, readBuffer.length - length, null);
            if (n === 0)
                break;
            length += n;
        }
        return readBuffer.subarray(0, length);
    }
    finally {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
}
/** After a huge file, gives its buffer back rather than keep it for the thread's life. */
function shrinkReadBuffer() {
    if (readBuffer.length > 16 << 20)
        readBuffer = Buffer.allocUnsafeSlow(256 * 1024);
}

