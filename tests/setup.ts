import nock from 'nock';

// No test may reach a real outside host: only local fake servers on loopback are allowed.
nock.disableNetConnect();
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
