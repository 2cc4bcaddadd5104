// Every command the extension contributes, by id: the one place an id is spelled out. package.json's
// `contributes.commands` must list exactly these (a unit test holds the two together).
export const COMMAND_IDS = {
  checkConnection: 'wsdoctor.checkConnection',
  speedTest: 'wsdoctor.speedTest',
  copyReport: 'wsdoctor.copyReport',
  showLog: 'wsdoctor.showLog',
  fleetRefresh: 'wsdoctor.fleet.refresh',
  fleetCancel: 'wsdoctor.fleet.cancel',
  fleetCheck: 'wsdoctor.fleet.check',
  fleetSpeedTest: 'wsdoctor.fleet.speedTest',
  fleetCopyReport: 'wsdoctor.fleet.copyReport',
  // Title-bar buttons of the panels, about the panel's own workspace (hidden from the palette).
  connectionCheckAgain: 'wsdoctor.connection.checkAgain',
  connectionSpeedTest: 'wsdoctor.connection.speedTest',
  speedtestCheckConnection: 'wsdoctor.speedtest.checkConnection',
} as const;
