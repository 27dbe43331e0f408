import { formatEnum, formatProviderKind } from '../view-filters';
import { SearchForm, searchQueryString } from './search-form';

type Values = SearchForm['values'];

/** One chosen filter as a tag: its words, and the same search without it. */
export interface FilterTag {
  text: string;
  href: string;
}

/** The MoJ filter's "Selected filters": a heading per part of the form, a tag per choice. */
export interface FilterCategory {
  heading: { text: string };
  items: FilterTag[];
}

/** The find page's address for a search (the bare page, nothing searched, when it is empty). */
export function findLink(values: Values): string {
  const query = searchQueryString(values);
  return query ? `/find?${query}` : '/find';
}

/**
 * What the search is filtered by, as the MoJ filter's tags: each tag links to the same search
 * (same order, first page) without that one filter. The person is one tag, since the form takes
 * all four details or none; a postcode's tag takes its distance with it.
 */
export function selectedFilters(
  values: Values,
  names: { factors: Map<string, string>; pccAreas: Map<string, string> },
): FilterCategory[] {
  const without = (change: Partial<Values>): string => findLink({ ...values, ...change });
  const categories: FilterCategory[] = [
    {
      heading: { text: 'Needs' },
      items: values.factors.map((factor) => ({
        text: names.factors.get(factor) ?? factor,
        href: without({ factors: values.factors.filter((f) => f !== factor) }),
      })),
    },
    {
      heading: { text: 'Where' },
      items: [
        ...(values.postcode
          ? [
              {
                text: `Within ${values.radiusMiles} miles of ${values.postcode}`,
                href: without({ postcode: '' }),
              },
            ]
          : []),
        ...(values.pccAreaCode
          ? [
              {
                text: names.pccAreas.get(values.pccAreaCode) ?? values.pccAreaCode,
                href: without({ pccAreaCode: '' }),
              },
            ]
          : []),
      ],
    },
    {
      heading: { text: 'The person' },
      items: [values.sex, values.age, values.riskLevel, values.supervisionType].some(Boolean)
        ? [
            {
              text: [
                formatEnum(values.sex),
                values.age && `aged ${values.age}`,
                values.riskLevel && `${formatEnum(values.riskLevel).toLowerCase()} risk`,
                formatEnum(values.supervisionType).toLowerCase(),
              ]
                .filter(Boolean)
                .join(', ')
                .replace(/^./, (first) => first.toUpperCase()),
              href: without({ sex: '', age: '', riskLevel: '', supervisionType: '' }),
            },
          ]
        : [],
    },
    {
      heading: { text: 'Starts' },
      items: values.startWithinDays
        ? [
            {
              text: `Within ${values.startWithinDays} days`,
              href: without({ startWithinDays: '' }),
            },
          ]
        : [],
    },
    {
      heading: { text: 'Availability' },
      items: (
        [
          ['availableOnly', 'Places free now'],
          ['eveningSessions', 'Evening sessions'],
          ['weekendSessions', 'Weekend sessions'],
          ['accredited', 'Accredited programme'],
        ] as const
      )
        .filter(([key]) => values[key])
        .map(([key, text]) => ({ text, href: without({ [key]: false }) })),
    },
    {
      heading: { text: 'How it is delivered' },
      items: values.deliveryModes.map((mode) => ({
        text: formatEnum(mode),
        href: without({ deliveryModes: values.deliveryModes.filter((m) => m !== mode) }),
      })),
    },
    {
      heading: { text: 'Kind of provider' },
      items: values.providerKinds.map((kind) => ({
        text: formatProviderKind(kind),
        href: without({ providerKinds: values.providerKinds.filter((k) => k !== kind) }),
      })),
    },
  ];
  return categories.filter((category) => category.items.length > 0);
}
