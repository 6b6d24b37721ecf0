import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { KassaMetrics } from '@kassa/platform';
import { Public } from '../auth/scopes.decorator';

/** Prometheus text format: the process's default metrics plus the ledger's own (docs/api.md, Operations). */
@ApiExcludeController()
@Public()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: KassaMetrics) {}

  @Get('metrics')
  async metricsText(@Res({ passthrough: true }) response: Response): Promise<string> {
    const text = await this.metrics.scrape();
    response.setHeader('Content-Type', this.metrics.contentType);
    return text;
  }
}
