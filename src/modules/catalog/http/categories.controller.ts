import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser, Public, Roles } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { CategoryService } from '../application/category.service';
import type { CategoryDetail, CategoryNode } from '../application/category-view';
import { CategoryDto, CategoryTreeDto, CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';

@ApiTags('catalog')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoryService) {}

  @Public()
  @Get()
  @ApiOperation({ operationId: 'catalog_listCategories', summary: 'The whole category tree' })
  @ApiOkResponse({ type: CategoryTreeDto })
  async tree(): Promise<{ items: CategoryNode[] }> {
    return { items: await this.categories.tree() };
  }

  @Public()
  @Get(':id')
  @ApiOperation({ operationId: 'catalog_getCategory', summary: 'A category with its ancestors and children' })
  @ApiOkResponse({ type: CategoryDto })
  @ApiProblems(404)
  get(@Param('id', UuidParamPipe) id: string): Promise<CategoryDetail> {
    return this.categories.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'catalog_createCategory', summary: 'Create a category (admins)' })
  @ApiCreatedResponse({ type: CategoryDto })
  @ApiProblems(400, 401, 403, 409, 422)
  create(@CurrentUser() admin: AuthUser, @Body() body: CreateCategoryDto): Promise<CategoryDetail> {
    return this.categories.create(admin, body);
  }

  @Put(':id')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'catalog_updateCategory',
    summary: 'Rename, re-slug or move a category (admins)',
    description:
      'Moving a category under itself or one of its descendants is refused (409 CATALOG.CATEGORY_CYCLE).',
  })
  @ApiOkResponse({ type: CategoryDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  update(
    @CurrentUser() admin: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateCategoryDto,
  ): Promise<CategoryDetail> {
    return this.categories.update(admin, id, body);
  }
}
