import { CanActivate, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { PageNotFoundError } from './web-errors';

/** Pages that exist in development only (the demo sign-in): a 404 page in any other mode. */
@Injectable()
export class DevelopmentOnlyGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(): boolean {
    if (!this.config.isDevelopment) throw new PageNotFoundError();
    return true;
  }
}
