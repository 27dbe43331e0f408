/** The financial year a day falls in, named by its start year: April to March. 2027-03-31 -> 2026. */
export function financialYearOf(day: string): number {
  const [year, month] = day.split('-').map(Number);
  return month >= 4 ? year : year - 1;
}
