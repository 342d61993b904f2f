import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ example: 'email must be an email' }) message: string;
}

/** RFC 9457 problem details, the body of every error answer. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://onesociety.dev/problems/validation' }) type: string;
  @ApiProperty({ example: 'Unprocessable Content' }) title: string;
  @ApiProperty({ example: 422 }) status: number;
  @ApiProperty({ example: 'The request body is invalid' }) detail: string;
  @ApiProperty({ example: '/api/v1/auth/signup' }) instance: string;
  @ApiPropertyOptional({ example: 'VALIDATION.FAILED', description: 'Stable machine-readable code' })
  code?: string;
  @ApiPropertyOptional({ example: '5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b10' }) requestId?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code?: string;
  requestId?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

export const problemType = (slug: string) => `https://onesociety.dev/problems/${slug}`;
