import { Prisma } from '../generated/prisma/client';

/** Prisma error codes: https://www.prisma.io/docs/orm/reference/error-reference#prisma-client-query-engine */
function hasCode(error: unknown, code: string): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

export const isUniqueViolation = (error: unknown): boolean => hasCode(error, 'P2002');
export const isForeignKeyViolation = (error: unknown): boolean => hasCode(error, 'P2003');
export const isRecordNotFound = (error: unknown): boolean => hasCode(error, 'P2025');
