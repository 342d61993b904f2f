import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { PlansService, toPlanView } from '../application/plans.service';
import { PlanDto, PlanListDto } from './dto/plan.dto';

@ApiTags('subscription')
@Controller('subscription/plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Get()
  @Public()
  @ApiOperation({
    operationId: 'subscription_listPlans',
    summary: 'The plans, cheapest first',
    description: 'Prices in minor units per month and per year; limits null mean unlimited. Public.',
  })
  @ApiOkResponse({ type: PlanListDto })
  async list(): Promise<PlanListDto> {
    return { items: (await this.plans.list()).map(toPlanView) };
  }

  @Get(':id')
  @Public()
  @ApiOperation({ operationId: 'subscription_getPlan', summary: 'One plan' })
  @ApiOkResponse({ type: PlanDto })
  @ApiProblems(404)
  async get(@Param('id', UuidParamPipe) id: string): Promise<PlanDto> {
    return toPlanView(await this.plans.get(id));
  }
}
