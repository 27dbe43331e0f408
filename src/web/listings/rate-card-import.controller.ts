import { createHash } from 'node:crypto';
import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { Role } from '../../auth/role';
import { Roles } from '../../auth/roles.decorator';
import { MAX_RATE_CARD_BYTES } from '../../catalogue/rate-card-import';
import { CsrfGuard } from '../csrf.guard';
import type { ImportRateCardMutation, ImportRateCardMutationVariables } from '../graphql-types';
import { FieldMessage } from '../view-filters';
import { FormExpiredError } from '../web-errors';
import { WebErrorsFilter } from '../web-errors.filter';
import { WebGraphql } from '../web-graphql';
import { csrf, formToken } from '../web-session';
import { takeNotice } from './listings.controller';
import { refusalMessages } from './refusals';

/** The file checked by the dry run, kept in the session until it is imported or replaced. */
interface CheckedRateCard {
  name: string;
  csv: string;
  sha256: string;
}

declare module 'express-session' {
  interface SessionData {
    rateCard?: CheckedRateCard;
  }
}

/** Uploads: one file, no larger than the API imports (a larger one is refused as it streams). */
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_RATE_CARD_BYTES, files: 1, fields: 5, parts: 6 },
}).single('csv');

function readUpload(req: Request, res: Response): Promise<string | undefined> {
  return new Promise((resolve) =>
    upload(req, res, (error: unknown) => {
      if (!error) return resolve(undefined);
      if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') {
        return resolve(
          'The selected file must be smaller than 5 MB: split the rate card into smaller files',
        );
      }
      // Too many files or fields, another field name, or a form cut short: nothing was read.
      resolve(
        error instanceof multer.MulterError
          ? 'Select one CSV file'
          : 'The selected file could not be read: upload it again',
      );
    }),
  );
}

/**
 * Import a rate card: upload a CSV, see the API's dry run (every bad row and column named), then
 * import it all or nothing. Between the two the checked file waits in the session (which lives
 * in the service's own database), at most the API's 5 MB, and only the file that was checked
 * is imported; a new upload replaces it and an import clears it.
 */
@Controller()
@UseFilters(WebErrorsFilter)
export class RateCardImportController {
  constructor(private readonly graphql: WebGraphql) {}

  @Get('listings/import')
  @Roles(Role.SUPPLIER)
  page(@Req() req: Request, @Res() res: Response) {
    res.render('pages/listings/rate-card-import', {
      pageTitle: 'Import a rate card',
      csrfToken: formToken(req),
      notice: takeNotice(req),
      errors: [],
    });
  }

  /** A multipart form: its CSRF token is read once the upload is parsed (within the size cap). */
  @Post('listings/import')
  @Roles(Role.SUPPLIER)
  async check(@Req() req: Request, @Res() res: Response) {
    const uploadProblem = await readUpload(req, res);
    if (!req.session || !csrf.isRequestValid(req)) throw new FormExpiredError();
    const errors: FieldMessage[] = [];
    const file = req.file;
    if (uploadProblem) errors.push({ field: 'csv', message: uploadProblem });
    else if (!file || file.buffer.length === 0)
      errors.push({ field: 'csv', message: 'Select a CSV file' });
    if (errors.length > 0 || !file) return this.refuse(req, res, errors);

    const csv = file.buffer.toString('utf8');
    const answer = await this.graphql.run<ImportRateCardMutation, ImportRateCardMutationVariables>(
      req,
      res,
      'ImportRateCard',
      {
        csv,
        dryRun: true,
      },
    );
    const refusal = answer.errors?.[0];
    if (refusal)
      return this.refuse(
        req,
        res,
        refusalMessages(refusal, () => 'csv', 'csv'),
      );
    if (!answer.data) throw new Error('ImportRateCard answered no data');
    const report = answer.data.importRateCard;
    const checked: CheckedRateCard = {
      name: file.originalname,
      csv,
      sha256: createHash('sha256').update(csv).digest('hex'),
    };
    if (report.errors.length === 0) req.session.rateCard = checked;
    else delete req.session.rateCard;
    res.status(report.errors.length > 0 ? 400 : 200).render('pages/listings/rate-card-check', {
      pageTitle: report.errors.length > 0 ? 'Your rate card has problems' : 'Check your rate card',
      csrfToken: formToken(req),
      fileName: checked.name,
      sha256: checked.sha256,
      report,
      errors: report.errors.map((e, i) => ({
        field: `problem-${i}`,
        message: `Row ${e.row}${e.column ? `, column ${e.column}` : ''}: ${e.message}`,
      })),
    });
  }

  @Post('listings/import/confirm')
  @Roles(Role.SUPPLIER)
  @UseGuards(CsrfGuard)
  async importAll(@Req() req: Request, @Res() res: Response) {
    const checked = req.session.rateCard;
    const body = req.body as { sha256?: string };
    if (!checked || checked.sha256 !== body.sha256) {
      return this.refuse(req, res, [
        {
          field: 'csv',
          message: 'Upload the rate card again: the file you checked is no longer waiting',
        },
      ]);
    }
    const answer = await this.graphql.run<ImportRateCardMutation, ImportRateCardMutationVariables>(
      req,
      res,
      'ImportRateCard',
      {
        csv: checked.csv,
        dryRun: false,
      },
    );
    const refusal = answer.errors?.[0];
    const report = answer.data?.importRateCard;
    if (refusal || !report || report.errors.length > 0) {
      // Something changed since the dry run (another import, a listing withdrawn): check again.
      delete req.session.rateCard;
      return this.refuse(
        req,
        res,
        refusal
          ? refusalMessages(refusal, () => 'csv', 'csv')
          : [
              {
                field: 'csv',
                message:
                  'The rate card no longer imports cleanly (a listing changed since it was checked): upload it again to see why. Nothing was imported.',
              },
            ],
      );
    }
    delete req.session.rateCard;
    req.session.listingsNotice = `Rate card imported: ${report.created} listing${report.created === 1 ? '' : 's'} created, ${report.updated} updated`;
    res.redirect(303, '/listings');
  }

  private refuse(req: Request, res: Response, errors: FieldMessage[]): void {
    res.status(400).render('pages/listings/rate-card-import', {
      pageTitle: 'Import a rate card',
      csrfToken: formToken(req),
      errors,
    });
  }
}
