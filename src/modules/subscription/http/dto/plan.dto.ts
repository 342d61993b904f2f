import { ApiProperty } from '@nestjs/swagger';

export class PlanPricesDto {
  @ApiProperty({ example: 999, description: 'Minor units per month' }) monthly: number;
  @ApiProperty({ example: 9990, description: 'Minor units per year' }) yearly: number;
}

export class PlanLimitsDto {
  @ApiProperty({ example: 25, nullable: true, type: Number, description: 'null: unlimited' })
  activeListings: number | null;
  @ApiProperty({
    example: 50,
    nullable: true,
    type: Number,
    description: 'Rentals accepted as owner per billing period; null: unlimited',
  })
  rentalsPerMonth: number | null;
}

export class PlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'basic' }) code: string;
  @ApiProperty({ example: 'Basic' }) name: string;
  @ApiProperty({ example: 'For regular lenders.' }) description: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ type: PlanPricesDto }) prices: PlanPricesDto;
  @ApiProperty({ type: PlanLimitsDto }) limits: PlanLimitsDto;
  @ApiProperty({ type: [String], example: ['Up to 25 active listings'] }) features: string[];
}

export class PlanListDto {
  @ApiProperty({ type: [PlanDto] }) items: PlanDto[];
}
