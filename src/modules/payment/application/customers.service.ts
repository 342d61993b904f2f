import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CustomerEntity } from '../persistence/customer.entity';
import { PaymentGateway } from './gateway/payment-gateway';

/** The payer's gateway customer, created once (the deterministic key makes a concurrent or retried creation the same one). */
@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: PaymentGateway,
  ) {}

  async ensure(userId: string): Promise<string> {
    const repo = this.dataSource.getRepository(CustomerEntity);
    const existing = await repo.findOneBy({ userId });
    if (existing) return existing.gatewayCustomerId;
    const gatewayCustomerId = await this.gateway.createCustomer({
      userId,
      idempotencyKey: `customer-${userId}`,
    });
    await repo.createQueryBuilder().insert().values({ userId, gatewayCustomerId }).orIgnore().execute();
    return (await repo.findOneByOrFail({ userId })).gatewayCustomerId;
  }
}
