import { ReferenceData1795400000000 } from './1795400000000-ReferenceData';
import { Catalogue1795463644127 } from './1795463644127-Catalogue';
import { Referrals1795465036678 } from './1795465036678-Referrals';
import { Search1795465365197 } from './1795465365197-Search';
import { Outcomes1795466486314 } from './1795466486314-Outcomes';
import { ReferralArea1795499244856 } from './1795499244856-ReferralArea';
import { Delivery1795499275769 } from './1795499275769-Delivery';
import { Framework1795499358958 } from './1795499358958-Framework';
import { Notifications1795499380543 } from './1795499380543-Notifications';
import { WebhookAttemptErrorWords1795499420000 } from './1795499420000-WebhookAttemptErrorWords';
import { OrganisationNumbersUnique1795600000000 } from './1795600000000-OrganisationNumbersUnique';
import { ListingStatusHistory1795600100000 } from './1795600100000-ListingStatusHistory';
import { WebSessions1796020000000 } from './1796020000000-WebSessions';
import { OutcomeJudgementsApplicable1796031800000 } from './1796031800000-OutcomeJudgementsApplicable';
import { DemandAvailabilityByFactor1796031900000 } from './1796031900000-DemandAvailabilityByFactor';
import { SupplyChains1796040000000 } from './1796040000000-SupplyChains';
import { ListingRationale1796041000000 } from './1796041000000-ListingRationale';
import { FundingPots1796042000000 } from './1796042000000-FundingPots';
import { Emails1796043000000 } from './1796043000000-Emails';
import { PersonalData1796043500000 } from './1796043500000-PersonalData';
import { DemandRollups1796044000000 } from './1796044000000-DemandRollups';
import { PurchaseRollups1796045000000 } from './1796045000000-PurchaseRollups';
import { VenueAreas1796046000000 } from './1796046000000-VenueAreas';
import { MonthlyRollups1796047000000 } from './1796047000000-MonthlyRollups';
import { TodaySoFar1796048000000 } from './1796048000000-TodaySoFar';

/**
 * Every migration, oldest first. Listed explicitly (not globbed) so that the service, the
 * commands and the tests load the same set however they are compiled; a unit test checks that
 * no file in this folder is missing from the list.
 */
export const migrations = [
  ReferenceData1795400000000,
  Catalogue1795463644127,
  Referrals1795465036678,
  Search1795465365197,
  Outcomes1795466486314,
  ReferralArea1795499244856,
  Delivery1795499275769,
  Framework1795499358958,
  Notifications1795499380543,
  WebhookAttemptErrorWords1795499420000,
  OrganisationNumbersUnique1795600000000,
  ListingStatusHistory1795600100000,
  WebSessions1796020000000,
  // measures (issue 18)
  OutcomeJudgementsApplicable1796031800000,
  DemandAvailabilityByFactor1796031900000,
  // supply chains (issue 19, section 1)
  SupplyChains1796040000000,
  // rate card reviews (issue 19)
  ListingRationale1796041000000,
  // joint commissioning (issue 19)
  FundingPots1796042000000,
  // emails (issue 20, section 1)
  Emails1796043000000,
  // personal data (issue 20, section 2)
  PersonalData1796043500000,
  // demand rollups (issue 21, section 3)
  DemandRollups1796044000000,
  // purchase and judgement rollups (issue 21, section 3)
  PurchaseRollups1796045000000,
  // the search's area filter on the listing's own venue areas (issue 21, section 1)
  VenueAreas1796046000000,
  // monthly rollups of the gap report's daily rollups (issue 21, sections 2 and 3)
  MonthlyRollups1796047000000,
  // today's searches so far rolled up (issue 21, section 2)
  TodaySoFar1796048000000,
];
