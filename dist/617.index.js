export const id = 617;
export const ids = [617];
export const modules = {

/***/ 1617:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   iamLike: () => (/* binding */ iamLike),
/* harmony export */   s3Like: () => (/* binding */ s3Like),
/* harmony export */   ssoAdminLike: () => (/* binding */ ssoAdminLike)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6764);
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3711);
/* harmony import */ var _aws_sdk_client_sso_admin__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1488);
/**
 * The few S3 and IAM calls the sources make, as small interfaces (`S3Like`, `IamLike`), and
 * their implementations over the real SDK clients. The sources depend on the interfaces only.
 */



function s3Like(client) {
    return {
        listObjectsV2: (input) => client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__/* .ListObjectsV2Command */ .u6x(input)),
        getObject: async (input) => {
            const output = await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__/* .GetObjectCommand */ .jLs(input));
            return { Body: output.Body, ContentLength: output.ContentLength };
        },
    };
}
function iamLike(client) {
    return {
        getRole: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .GetRoleCommand */ .kbp(input)),
        listAttachedRolePolicies: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .ListAttachedRolePoliciesCommand */ .wfM(input)),
        getPolicy: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .GetPolicyCommand */ .s4W(input)),
        getPolicyVersion: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .GetPolicyVersionCommand */ .G45(input)),
        listRolePolicies: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .ListRolePoliciesCommand */ .Y7N(input)),
        getRolePolicy: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .GetRolePolicyCommand */ .WHQ(input)),
        getUser: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .GetUserCommand */ .T3b(input)),
        listAttachedUserPolicies: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .ListAttachedUserPoliciesCommand */ .zf4(input)),
        listUserPolicies: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .ListUserPoliciesCommand */ .Lt8(input)),
        getUserPolicy: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .GetUserPolicyCommand */ .bcb(input)),
        listGroupsForUser: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .ListGroupsForUserCommand */ .WcQ(input)),
        listAttachedGroupPolicies: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .ListAttachedGroupPoliciesCommand */ .xJQ(input)),
        listGroupPolicies: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .ListGroupPoliciesCommand */ .zqe(input)),
        getGroupPolicy: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .GetGroupPolicyCommand */ .bhF(input)),
        listRoles: (input) => client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_1__/* .ListRolesCommand */ .J9Z(input)),
    };
}
function ssoAdminLike(client) {
    return {
        listInstances: (input) => client.send(new _aws_sdk_client_sso_admin__WEBPACK_IMPORTED_MODULE_2__/* .ListInstancesCommand */ ._SW(input)),
        listPermissionSets: (input) => client.send(new _aws_sdk_client_sso_admin__WEBPACK_IMPORTED_MODULE_2__/* .ListPermissionSetsCommand */ .wf0(input)),
        describePermissionSet: (input) => client.send(new _aws_sdk_client_sso_admin__WEBPACK_IMPORTED_MODULE_2__/* .DescribePermissionSetCommand */ .kkR(input)),
        getInlinePolicyForPermissionSet: (input) => client.send(new _aws_sdk_client_sso_admin__WEBPACK_IMPORTED_MODULE_2__/* .GetInlinePolicyForPermissionSetCommand */ .Tfc(input)),
        listManagedPoliciesInPermissionSet: (input) => client.send(new _aws_sdk_client_sso_admin__WEBPACK_IMPORTED_MODULE_2__/* .ListManagedPoliciesInPermissionSetCommand */ .zlU(input)),
        listCustomerManagedPolicyReferencesInPermissionSet: (input) => client.send(new _aws_sdk_client_sso_admin__WEBPACK_IMPORTED_MODULE_2__/* .ListCustomerManagedPolicyReferencesInPermissionSetCommand */ .t5N(input)),
        getPermissionsBoundaryForPermissionSet: (input) => client.send(new _aws_sdk_client_sso_admin__WEBPACK_IMPORTED_MODULE_2__/* .GetPermissionsBoundaryForPermissionSetCommand */ .a_W(input)),
        listAccountsForProvisionedPermissionSet: (input) => client.send(new _aws_sdk_client_sso_admin__WEBPACK_IMPORTED_MODULE_2__/* .ListAccountsForProvisionedPermissionSetCommand */ .iu4(input)),
    };
}


/***/ })

};
