import { defineMessages } from '../../define.ts';

// Texts browser scripts also show (embedded in every page, so keep it to what scripts need): keys
// are used as t('browserCluster.<key>') from src/i18n/browser.ts or src/i18n/index.ts.
//
// A cluster overview's figures (src/lib/cluster-figures-text.ts), which live refresh and the login
// clock redraw: {usable}, {running}, {pending}, {up} and {n} are the strong counts, written already
// formatted; `count` (never written) picks the plural form.
export const messages = defineMessages({
  en: {
    nodesUsable: { one: '{usable} of {total} node usable', other: '{usable} of {total} nodes usable' },
    nodesDown: ', {n} down',
    nodesDrained: ', {n} drained',
    nodesMaintenance: ', {n} in maintenance',
    jobs: {
      one: ' · {running} job running, {pending} pending',
      other: ' · {running} jobs running, {pending} pending',
    },
    activeUsers: {
      one: '{n} user with jobs running or waiting',
      other: '{n} users with jobs running or waiting',
    },
    loginNodes: 'Login nodes: {up} of {total} answering',
    loginUsers: { one: ', {n} user logged in', other: ', {n} users logged in' },
    percent: '{value} %',
    gaugeHigh: ' (high)',
  },
  ja: {
    nodesUsable: { other: '{total} ノード中 {usable} ノードが利用可能' },
    nodesDown: '、ダウン {n}',
    nodesDrained: '、ドレイン済み {n}',
    nodesMaintenance: '、メンテナンス中 {n}',
    jobs: { other: ' · 実行中のジョブ {running} 件、待機中 {pending} 件' },
    activeUsers: { other: 'ジョブを実行中または待機中のユーザー {n} 人' },
    loginNodes: 'ログインノード: {total} 台中 {up} 台が応答',
    loginUsers: { other: '、ログイン中のユーザー {n} 人' },
    percent: '{value}%',
    gaugeHigh: '（高）',
  },
  de: {
    nodesUsable: { one: '{usable} von {total} Knoten nutzbar', other: '{usable} von {total} Knoten nutzbar' },
    nodesDown: ', {n} ausgefallen',
    nodesDrained: ', {n} gedraint',
    nodesMaintenance: ', {n} in Wartung',
    jobs: {
      one: ' · {running} Job läuft, {pending} in der Warteschlange',
      other: ' · {running} Jobs laufen, {pending} in der Warteschlange',
    },
    activeUsers: {
      one: '{n} Nutzer mit laufenden oder wartenden Jobs',
      other: '{n} Nutzer mit laufenden oder wartenden Jobs',
    },
    loginNodes: {
      one: 'Login-Knoten: {up} von {total} antwortet',
      other: 'Login-Knoten: {up} von {total} antworten',
    },
    loginUsers: { one: ', {n} Nutzer angemeldet', other: ', {n} Nutzer angemeldet' },
    percent: '{value}\u00a0%',
    gaugeHigh: ' (hoch)',
  },
});
