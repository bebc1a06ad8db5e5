import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../../tools/vitest/shared.mjs';

export default defineConfig(projectTestConfig('policy-service'));
