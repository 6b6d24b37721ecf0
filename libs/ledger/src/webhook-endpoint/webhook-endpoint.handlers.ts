import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock, type RequestContext } from '../application/ledger-context';
import type { WebhookEndpointCommand } from './webhook-endpoint.commands';
import { decideWebhookEndpoint } from './webhook-endpoint.decider';
import type { WebhookEndpointState } from './webhook-endpoint.state';
import { loadEndpointForUpdate, saveEndpoint } from './webhook-endpoint.store';
import { newWebhookSecret } from './webhook-secret';

export interface NewWebhookEndpoint {
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
  readonly description: string | null;
}

/** Creates an endpoint with a fresh id and secret; the answer carries the secret (shown this once). */
export class CreateWebhookEndpointCommand {
  constructor(readonly context: RequestContext, readonly endpoint: NewWebhookEndpoint) {}
}

/** Changes URL, event types, enabled or description. */
export class UpdateWebhookEndpointCommand {
  constructor(readonly context: RequestContext, readonly endpointId: string, readonly changes: Extract<WebhookEndpointCommand, { type: 'UpdateWebhookEndpoint' }>['data']) {}
}

/** A new secret (answered this once); the old one signs too for 24 h. */
export class RotateWebhookEndpointSecretCommand {
  constructor(readonly context: RequestContext, readonly endpointId: string) {}
}

/** Removes the endpoint and its deliveries; nothing more is sent to it. */
export class DeleteWebhookEndpointCommand {
  constructor(readonly context: RequestContext, readonly endpointId: string) {}
}

/**
 * One endpoint command in one transaction: the row loaded under a row lock by merchant and id (another
 * merchant's endpoint is NOT_FOUND like a missing one), decided, written. Answers the endpoint after
 * the change, undefined once deleted.
 */
async function change(dataSource: DataSource, merchantId: string, endpointId: string | undefined, decision: WebhookEndpointCommand, now: string): Promise<WebhookEndpointState | undefined> {
  return dataSource.transaction(async (manager) => {
    const before = endpointId === undefined ? undefined : await loadEndpointForUpdate(manager, merchantId, endpointId);
    const after = decideWebhookEndpoint(decision, before, now);
    await saveEndpoint(manager, before, after);
    return after;
  });
}

abstract class EndpointHandlerBase {
  constructor(
    @Inject(DataSource) protected readonly dataSource: DataSource,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}

  protected run(merchantId: string, endpointId: string | undefined, decision: WebhookEndpointCommand): Promise<WebhookEndpointState | undefined> {
    return change(this.dataSource, merchantId, endpointId, decision, this.clock.now().toISOString());
  }
}

@CommandHandler(CreateWebhookEndpointCommand)
export class CreateWebhookEndpointHandler extends EndpointHandlerBase implements ICommandHandler<CreateWebhookEndpointCommand, WebhookEndpointState> {
  async execute({ context, endpoint }: CreateWebhookEndpointCommand): Promise<WebhookEndpointState> {
    // The id and the secret are made here: randomness stays out of the decider.
    const data = { id: randomUUID(), merchantId: context.merchantId, ...endpoint, secret: newWebhookSecret() };
    return (await this.run(context.merchantId, undefined, { type: 'CreateWebhookEndpoint', data }))!;
  }
}

@CommandHandler(UpdateWebhookEndpointCommand)
export class UpdateWebhookEndpointHandler extends EndpointHandlerBase implements ICommandHandler<UpdateWebhookEndpointCommand, WebhookEndpointState> {
  async execute({ context, endpointId, changes }: UpdateWebhookEndpointCommand): Promise<WebhookEndpointState> {
    return (await this.run(context.merchantId, endpointId, { type: 'UpdateWebhookEndpoint', data: changes }))!;
  }
}

@CommandHandler(RotateWebhookEndpointSecretCommand)
export class RotateWebhookEndpointSecretHandler extends EndpointHandlerBase implements ICommandHandler<RotateWebhookEndpointSecretCommand, WebhookEndpointState> {
  async execute({ context, endpointId }: RotateWebhookEndpointSecretCommand): Promise<WebhookEndpointState> {
    return (await this.run(context.merchantId, endpointId, { type: 'RotateWebhookEndpointSecret', data: { secret: newWebhookSecret() } }))!;
  }
}

@CommandHandler(DeleteWebhookEndpointCommand)
export class DeleteWebhookEndpointHandler extends EndpointHandlerBase implements ICommandHandler<DeleteWebhookEndpointCommand, void> {
  async execute({ context, endpointId }: DeleteWebhookEndpointCommand): Promise<void> {
    await this.run(context.merchantId, endpointId, { type: 'DeleteWebhookEndpoint' });
  }
}

export const WEBHOOK_ENDPOINT_HANDLERS = [CreateWebhookEndpointHandler, UpdateWebhookEndpointHandler, RotateWebhookEndpointSecretHandler, DeleteWebhookEndpointHandler];
