import type { Router } from '../http/router.ts';
import type { Services } from '../services.ts';
import { createInstance, deleteInstance, describeInstance, listInstanceAttributes, listInstances } from '../api/connect/instances.ts';
import { associateApprovedOrigin, disassociateApprovedOrigin, listApprovedOrigins } from '../api/connect/approvedOrigins.ts';
import {
  associatePhoneNumberContactFlow, claimPhoneNumber, describePhoneNumber, disassociatePhoneNumberContactFlow, listPhoneNumbersV2, releasePhoneNumber,
} from '../api/connect/phoneNumbers.ts';
import { listTagsForResource, tagResource, untagResource } from '../api/connect/tags.ts';
import { listFlowAssociations } from '../api/connect/flowAssociations.ts';
import { associateLambdaFunction, disassociateLambdaFunction, listLambdaFunctions } from '../api/connect/lambdaFunctions.ts';

/** The Connect admin API's instance-level resources (issue 18): instances, approved origins, phone numbers, tags. */
export function connectInstanceRoutes(router: Router, services: Services): Router {
  return router
    .on('PUT', '/instance', (c) => createInstance(services, c))
    .on('GET', '/instance', (c) => listInstances(services, c))
    .on('GET', '/instance/:instanceId', (c) => describeInstance(services, c))
    .on('DELETE', '/instance/:instanceId', (c) => deleteInstance(services, c))
    .on('GET', '/instance/:instanceId/attributes', (c) => listInstanceAttributes(services, c))
    .on('PUT', '/instance/:instanceId/approved-origin', (c) => associateApprovedOrigin(services, c))
    .on('GET', '/instance/:instanceId/approved-origins', (c) => listApprovedOrigins(services, c))
    .on('DELETE', '/instance/:instanceId/approved-origin', (c) => disassociateApprovedOrigin(services, c))
    .on('PUT', '/instance/:instanceId/lambda-function', (c) => associateLambdaFunction(services, c))
    .on('GET', '/instance/:instanceId/lambda-functions', (c) => listLambdaFunctions(services, c))
    .on('DELETE', '/instance/:instanceId/lambda-function', (c) => disassociateLambdaFunction(services, c))
    .on('POST', '/phone-number/claim', (c) => claimPhoneNumber(services, c))
    .on('POST', '/phone-number/list', (c) => listPhoneNumbersV2(services, c))
    .on('GET', '/phone-number/:phoneNumberId', (c) => describePhoneNumber(services, c))
    .on('DELETE', '/phone-number/:phoneNumberId', (c) => releasePhoneNumber(services, c))
    .on('PUT', '/phone-number/:phoneNumberId/contact-flow', (c) => associatePhoneNumberContactFlow(services, c))
    .on('DELETE', '/phone-number/:phoneNumberId/contact-flow', (c) => disassociatePhoneNumberContactFlow(services, c))
    .on('POST', '/tags/:resourceArn', (c) => tagResource(services, c))
    .on('DELETE', '/tags/:resourceArn', (c) => untagResource(services, c))
    .on('GET', '/tags/:resourceArn', (c) => listTagsForResource(services, c))
    .on('GET', '/flow-associations-summary/:instanceId', (c) => listFlowAssociations(services, c));
}
