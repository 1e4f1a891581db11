// The vocabulary of the simulated portal: a Japanese B2B marketing database as a SaaS vendor
// selling to mid-sized companies would have it. HubSpot's own values where HubSpot defines them
// (industry, employee ranges, hs_analytics_source), Japanese everywhere people type.

export interface DemoCompany {
  readonly name: string;
  readonly domain: string;
  /** HubSpot's industry value (contacts' `industry`). */
  readonly industry: string;
  /** HubSpot's employee range (`numemployees`). */
  readonly employees: string;
}

// About two thirds of them fit the example definition (target industry and 50+ employees).
export const COMPANIES: readonly DemoCompany[] = [
  {
    name: '株式会社サクラテック',
    domain: 'sakuratech.example.jp',
    industry: 'COMPUTER_SOFTWARE',
    employees: '100-500',
  },
  {
    name: '富士ソリューションズ株式会社',
    domain: 'fuji-sol.example.jp',
    industry: 'INFORMATION_TECHNOLOGY_AND_SERVICES',
    employees: '1000+',
  },
  {
    name: '株式会社みらい製作所',
    domain: 'mirai-ss.example.jp',
    industry: 'MACHINERY',
    employees: '500-1000',
  },
  {
    name: '東和システム株式会社',
    domain: 'towa-sys.example.jp',
    industry: 'INFORMATION_TECHNOLOGY_AND_SERVICES',
    employees: '100-500',
  },
  {
    name: 'ひかり精機株式会社',
    domain: 'hikari-seiki.example.jp',
    industry: 'MACHINERY',
    employees: '100-500',
  },
  {
    name: '株式会社アオバクラウド',
    domain: 'aoba-cloud.example.jp',
    industry: 'COMPUTER_SOFTWARE',
    employees: '50-100',
  },
  {
    name: '北斗データ株式会社',
    domain: 'hokuto-data.example.jp',
    industry: 'INFORMATION_TECHNOLOGY_AND_SERVICES',
    employees: '500-1000',
  },
  { name: '株式会社ナカノ工機', domain: 'nakano-koki.example.jp', industry: 'MACHINERY', employees: '1000+' },
  {
    name: 'Kumo Analytics株式会社',
    domain: 'kumo-analytics.example.jp',
    industry: 'COMPUTER_SOFTWARE',
    employees: '100-500',
  },
  {
    name: '瀬戸内ロボティクス株式会社',
    domain: 'setouchi-robotics.example.jp',
    industry: 'MACHINERY',
    employees: '50-100',
  },
  {
    name: '株式会社ミナトソフト',
    domain: 'minato-soft.example.jp',
    industry: 'COMPUTER_SOFTWARE',
    employees: '500-1000',
  },
  {
    name: '大和ITサービス株式会社',
    domain: 'yamato-its.example.jp',
    industry: 'INFORMATION_TECHNOLOGY_AND_SERVICES',
    employees: '1000+',
  },
  { name: '株式会社ソラノ', domain: 'sorano.example.jp', industry: 'COMPUTER_SOFTWARE', employees: '25-50' },
  {
    name: '小春デザイン合同会社',
    domain: 'koharu-design.example.jp',
    industry: 'INFORMATION_TECHNOLOGY_AND_SERVICES',
    employees: '5-25',
  },
  {
    name: '株式会社アサヒ物流',
    domain: 'asahi-logi.example.jp',
    industry: 'LOGISTICS_AND_SUPPLY_CHAIN',
    employees: '1000+',
  },
  {
    name: 'さくら信用金庫',
    domain: 'sakura-shinkin.example.jp',
    industry: 'FINANCIAL_SERVICES',
    employees: '500-1000',
  },
  {
    name: '株式会社まるやまストア',
    domain: 'maruyama-store.example.jp',
    industry: 'RETAIL',
    employees: '100-500',
  },
  {
    name: '医療法人社団みどり会',
    domain: 'midorikai.example.jp',
    industry: 'HOSPITAL_HEALTH_CARE',
    employees: '100-500',
  },
  {
    name: '東邦オートパーツ株式会社',
    domain: 'toho-auto.example.jp',
    industry: 'AUTOMOTIVE',
    employees: '500-1000',
  },
  { name: '有限会社たなか商店', domain: 'tanaka-shoten.example.jp', industry: 'RETAIL', employees: '1-5' },
];

export interface PersonName {
  readonly kanji: string;
  readonly romaji: string;
}

export const LAST_NAMES: readonly PersonName[] = [
  { kanji: '佐藤', romaji: 'sato' },
  { kanji: '鈴木', romaji: 'suzuki' },
  { kanji: '高橋', romaji: 'takahashi' },
  { kanji: '田中', romaji: 'tanaka' },
  { kanji: '伊藤', romaji: 'ito' },
  { kanji: '渡辺', romaji: 'watanabe' },
  { kanji: '山本', romaji: 'yamamoto' },
  { kanji: '中村', romaji: 'nakamura' },
  { kanji: '小林', romaji: 'kobayashi' },
  { kanji: '加藤', romaji: 'kato' },
  { kanji: '吉田', romaji: 'yoshida' },
  { kanji: '山田', romaji: 'yamada' },
  { kanji: '松本', romaji: 'matsumoto' },
  { kanji: '井上', romaji: 'inoue' },
  { kanji: '木村', romaji: 'kimura' },
  { kanji: '林', romaji: 'hayashi' },
  { kanji: '清水', romaji: 'shimizu' },
  { kanji: '森', romaji: 'mori' },
];

export const FIRST_NAMES: readonly PersonName[] = [
  { kanji: '翔太', romaji: 'shota' },
  { kanji: '美咲', romaji: 'misaki' },
  { kanji: '大輔', romaji: 'daisuke' },
  { kanji: '陽子', romaji: 'yoko' },
  { kanji: '健一', romaji: 'kenichi' },
  { kanji: '彩', romaji: 'aya' },
  { kanji: '拓也', romaji: 'takuya' },
  { kanji: '由美', romaji: 'yumi' },
  { kanji: '直樹', romaji: 'naoki' },
  { kanji: '真由美', romaji: 'mayumi' },
  { kanji: '亮', romaji: 'ryo' },
  { kanji: '恵', romaji: 'megumi' },
  { kanji: '誠', romaji: 'makoto' },
  { kanji: '香織', romaji: 'kaori' },
  { kanji: '修', romaji: 'osamu' },
  { kanji: '智子', romaji: 'tomoko' },
];

/** Titles that meet the example definition's role condition (部長|課長|本部長|マネージャー|Manager|…). */
export const SENIOR_TITLES: readonly string[] = [
  '営業部 部長',
  'マーケティング部 課長',
  '情報システム部 部長',
  '営業本部長',
  '経営企画部 課長',
  'DX推進室 マネージャー',
  '製造部 課長',
  'IT Manager',
  'Director of Sales',
];

/** Titles that do not. */
export const JUNIOR_TITLES: readonly string[] = [
  'マーケティング部 担当',
  '営業部 主任',
  '情報システム部 担当',
  '購買部 係長',
  'インサイドセールス',
  'エンジニア',
  '総務部 担当',
];

/** HubSpot's `hs_analytics_source` values with a plausible share of new contacts. */
export const CHANNELS: readonly { readonly value: string; readonly weight: number }[] = [
  { value: 'ORGANIC_SEARCH', weight: 26 },
  { value: 'PAID_SEARCH', weight: 14 },
  { value: 'SOCIAL_MEDIA', weight: 9 },
  { value: 'EMAIL_MARKETING', weight: 15 },
  { value: 'REFERRALS', weight: 9 },
  { value: 'OFFLINE', weight: 17 },
  { value: 'DIRECT_TRAFFIC', weight: 10 },
];

export const CHALLENGES: readonly string[] = [
  '営業とマーケティングの連携が弱い',
  'リードの質にばらつきがある',
  '商談化率を上げたい',
  '営業プロセスが属人化している',
  '展示会リードのフォローが遅れる',
];

export const PRODUCT_INTERESTS: readonly string[] = [
  'MA連携',
  'SFA導入',
  'データ分析基盤',
  'インサイドセールス支援',
];

/** What a rep writes in the note, per reason code. */
export const VERDICT_NOTES: Readonly<Record<string, readonly string[]>> = {
  'budget-confirmed': ['来期予算で検討中。3月に決裁予定', '課題ヒアリング済み、デモ日程を調整中'],
  'no-budget': ['今期は予算が確保できない', '予算化は早くても再来期'],
  'not-decision-maker': ['情報収集目的。決裁者は別部署', '上長へのエスカレーションは不可'],
  'wrong-company-size': ['グループ会社の小規模拠点からの問い合わせ'],
  unreachable: ['3回架電、メール返信なし'],
  'bad-timing': ['導入は来年度以降。ナーチャリング継続を希望'],
};
