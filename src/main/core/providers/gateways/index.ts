// The gateway modules by provider kind.
import type { ProviderKind } from '../../../../shared/domain';
import type { Gateway } from '../types';
import { baystoneGateway } from './baystone';
import { customGateway } from './custom';
import { szaiaiGateway } from './szaiai';
import { zyinfoGateway } from './zyinfo';

const GATEWAYS: Record<ProviderKind, Gateway> = {
  baystone: baystoneGateway,
  zyinfo: zyinfoGateway,
  szaiai: szaiaiGateway,
  custom: customGateway,
};

export function gatewayFor(kind: ProviderKind): Gateway {
  return GATEWAYS[kind];
}

export { baystoneGateway, customGateway, szaiaiGateway, zyinfoGateway };
