import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { join } from 'node:path';
import { Public } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { consoleBuildDirectory, ConsoleFiles } from './console-files';

/** File names Vite gives the bundle: hashed, so they may be cached for good. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/**
 * The finance console's static files. The page itself is public (it holds no data); every number it
 * shows comes from the API with the finance key the person signs in with.
 */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleController {
  private readonly files = new ConsoleFiles(consoleBuildDirectory());

  @Get()
  page(@Res() response: Response): void {
    this.send(response, 'index.html', 'no-cache');
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() response: Response): void {
    if (!ASSET_NAME.test(name)) throw ApiError.notFound('Console asset', name);
    this.send(response, join('assets', name), 'public, max-age=31536000, immutable');
  }

  private send(response: Response, file: string, cacheControl: string): void {
    const existing = this.files.existing(file);
    response.setHeader('cache-control', cacheControl);
    response.sendFile(existing, { root: this.files.root, dotfiles: 'deny' });
  }
}
