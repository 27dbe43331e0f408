import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { GraphqlApiModule } from './common/graphql.module';
import { InputValidationPipe } from './common/input-validation.pipe';
import { LoggingModule } from './common/logging.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { ReferenceModule } from './reference/reference.module';

@Module({
  imports: [
    ConfigModule,
    CommonModule,
    LoggingModule,
    DatabaseModule,
    GraphqlApiModule,
    AuthModule,
    HealthModule,
    ReferenceModule,
    DemoModule,
  ],
  providers: [{ provide: APP_PIPE, useClass: InputValidationPipe }],
})
export class AppModule {}
