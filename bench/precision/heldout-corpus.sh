#!/usr/bin/env bash
# Held-out sets beyond the shared corpora, from Debian's packages (unpacked, not installed, under
# ~/.cache/pyreview-corpus-<set>); prints the set's dist-packages folder.
#   heldout-corpus.sh c   OpenStack Cinder and Keystone, Django, ansible-core, Paramiko, Twisted,
#                         Tornado, Celery: added when every named project had been read; measured
#                         first on the build that ended the held-out-B work, then tuned on.
#   heldout-corpus.sh d   OpenStack Glance and Heat, aiohttp, Jinja2, Alembic, Babel, Fabric, Invoke,
#                         Gunicorn, Pyramid: read by nobody until the final measurement of set C's fixes.
#   heldout-corpus.sh e   cloud-init, Certbot, OpenStack Designate, Barbican, Mistral and oslo.messaging,
#                         docker-py, Meson, duplicity, pytest, redis-py, pexpect, Falcon, beets: read by
#                         nobody until the default rule set (stable rules) was measured on it.
#   heldout-corpus.sh f   OpenStack Magnum, Trove, Watcher, Aodh, os-brick, TaskFlow and openstacksdk,
#                         eventlet, kazoo, CherryPy, Poetry, Dulwich, Glances, Borg, python-gitlab,
#                         ansible-runner, Plumbum, Mailman, ranger, RQ: read by nobody until the
#                         default set, fixed after E, was measured on it.
#   heldout-corpus.sh g   OpenStack Ceilometer, Zaqar, Sushy, oslo.db, Tooz, novaclient and
#                         openstackclient, ldap3, dnspython, PyMongo, Bottle, virtualenv, psutil,
#                         python-jenkins, hvac, OAuthLib, HTTPX, Starlette, Uvicorn, websockets, Pika,
#                         kafka-python, elasticsearch-py, Rich: read by nobody until the default set
#                         and the candidate security rules, fixed after F, were measured on it.
#   heldout-corpus.sh h   OpenStack os-ken, keystoneauth1, keystonemiddleware, oslo.service, oslo.config,
#                         swiftclient, ironic-inspector, CloudKitty, Masakari, Vitrage, Senlin and
#                         neutronclient, fail2ban, Supervisor, Breezy, mitmproxy, yt-dlp, IPython, MkDocs,
#                         Pelican, libcloud, sentry-sdk, APScheduler, tox, keyring, ncclient,
#                         peewee, Trio, gevent, Streamlink's CLI, xonsh: read by nobody until the default set
#                         and the preview rules, fixed after G, were measured on it.
#   heldout-corpus.sh i   OpenStack oslo.log, oslo.utils, oslo.policy, glanceclient, cinderclient,
#                         heatclient, ironicclient, manilaclient, neutron-dynamic-routing, networking-bgpvpn,
#                         networking-sfc, ovsdbapp, os-vif and osc-lib, Scapy, SymPy, NetworkX, Matplotlib,
#                         NLTK, ReportLab, pyasn1, PySNMP, Impacket, Beautiful Soup, Mako, Markdown,
#                         pyftpdlib, Waitress, WebOb, openpyxl, pyparsing, pySerial, pyroute2, Pecan,
#                         PySAML2, sqlparse, jsonschema, pycparser, PLY, statsmodels, seaborn, PyQtGraph:
#                         read by nobody until the default set, fixed after H, was measured on it.
#   heldout-corpus.sh j   OpenStack oslo.cache, oslo.middleware, oslo.privsep, oslo.rootwrap,
#                         oslo.serialization, oslo.vmware, futurist, stevedore, cliff, Castellan, three
#                         clients and pyCADF; dogpile.cache, tenacity, requests-oauthlib, requests-toolbelt,
#                         html5lib, Bleach, google-auth, s3transfer, PasteDeploy, Routes, WebTest, pyzmq,
#                         Arrow, tabulate, PrettyTable, cmd2, prompt_toolkit, Urwid, tqdm, Coverage.py,
#                         testtools, fixtures, stestr, subunit, pycodestyle, pyflakes, Pylint,
#                         astroid, mypy, Black, isort, Rope, Jedi, Parso: read by nobody until the default
#                         set and the candidates, fixed after I, were measured on it.
#   heldout-corpus.sh k   OpenStack Placement, neutron-vpnaas, Freezer, Murano, Sahara, Gnocchi, Horizon,
#                         os-win, octavia-lib, oslo.i18n, oslo.reports, oslo.versionedobjects,
#                         oslo.upgradecheck, OSProfiler, automaton, pymemcache, ironic-lib and six clients;
#                         boto3, botocore, Click, sh, cachetools, attrs, marshmallow, pydantic, Hypothesis,
#                         PyMySQL, AsyncSSH, zeroconf, netaddr, feedparser, fsspec, Dask, Autobahn, txaio,
#                         pyVmomi, python-ldap, python-debian, launchpadlib, lazr.restfulclient, OfflineIMAP,
#                         Slixmpp, irc, WTForms, PyJWT, Authlib, passlib, pyOpenSSL, treq, sshtunnel, nose,
#                         mock, pbr, croniter, cotyledon, python-gnupg, python-consul, pyudev,
#                         requests-kerberos, Flask-SQLAlchemy, SQLAlchemy-Utils: read by nobody until the
#                         default set and the candidates, fixed after J, were measured on it.
#   heldout-corpus.sh l   radicale, GitPython, nbformat, nbconvert, jupyter_client, ipykernel, lxml, mistune,
#                         PyYAML, tomlkit, h11, h2, httplib2, dateutil, pendulum, docopt, argcomplete,
#                         colorama, blessed, mysqlclient, python-memcached, packaging, wheel, build,
#                         pkginfo, python-apt, gssapi, SecretStorage, jwcrypto, josepy, ACME, sqlmap,
#                         Terminator, Meld, Gajim, Quod Libet, BleachBit, ufw, Flask-RESTful, glance_store,
#                         oslo.context, oslotest, Tempest, four OpenStack clients, openstackdocstheme,
#                         jsonpatch, webcolors, cssutils, html2text, feedgenerator, markdown2, xmlsec,
#                         defusedxml, elementpath, xmlschema, zeep, suds, pyasn1-modules, rsa, ecdsa,
#                         CacheControl, requests-cache, responses, HTTPretty, VCR.py, freezegun,
#                         factory_boy, nose2, behave, sure: read by nobody until the default set and the
#                         preview rules, fixed after K, were measured on it.
#   heldout-corpus.sh m   OpenStack neutron-taas, ovn-octavia-provider, os-traits, oslo.limit, oslo.metrics,
#                         osc-placement, three clients and four dashboards; cryptography, PyNaCl, msgpack,
#                         simplejson, amqp, billiard, psycopg2, xmltodict, Netmiko, scp, pywinrm, pyinotify,
#                         watchdog, python-daemon, ConfigObj, google-api-python-client, uritemplate, Genshi,
#                         Chameleon, zope.interface, Whoosh, jupyter_core, Notebook, Pillow, docker-compose,
#                         libvirt-python, virtinst, dbus-python, pyxdg, distro, Typer, polib, humanize, pytz,
#                         tzlocal, icalendar, vobject, caldav, dpkt, bpython, PuDB, autopep8, YAPF, flake8,
#                         pydocstyle, Bandit, doit, SCons, setuptools-scm, Hatchling, distlib, Twine,
#                         readme_renderer, aiofiles, asyncpg, aiosqlite, uvloop, Quart, FastAPI, Django REST
#                         framework, sos, reportbug, git-buildpackage, s3cmd, rdiff-backup, HTTPie, pgcli,
#                         mycli, Patroni, qutebrowser, Thonny: read by nobody until the default set and the
#                         preview rules, fixed after L, were measured on it.
#   heldout-corpus.sh n   OpenStack masakariclient, os-client-config, os-service-types, reno, hacking, doc8
#                         and seven dashboards; sqlalchemy-migrate, Beaker, webassets, five Flask extensions,
#                         python-socketio, python-engineio, Hypercorn, yarl, multidict, AnyIO, nine Django
#                         apps, oauth2client, boto, yamllint, ruamel.yaml, toml, chardet, idna, mechanize,
#                         cssselect, parsel, w3lib, pyquery, pypdf, python-docx, xlrd, odfpy, tablib, mpmath,
#                         Pint, Dask distributed, toolz, cloudpickle, joblib, colorlog, coloredlogs,
#                         humanfriendly, structlog, Logbook, statsd, prometheus_client, influxdb, whisper,
#                         schedule, Deluge, Gramps, Picard, gPodder, Solaar, VisiData, getmail6, alot, khal,
#                         khard, vdirsyncer, todoman, toot, gallery-dl, Mopidy, git-cola, TortoiseHg,
#                         software-properties, Mitogen: read by nobody until the default set and the preview
#                         rules, fixed after M, were measured on it.
#   heldout-corpus.sh o   OpenStack Rally and rally-openstack, networking-bagpipe, masakari-monitors,
#                         diskimage-builder and proliantutils; FreeIPA's client, lib389, pwntools, searx,
#                         DataLad, Cylc, MapProxy, Translate Toolkit, Beancount, Telethon, django-allauth,
#                         Postorius, HyperKitty, Spyder, PC-BASIC, Locust, ExaBGP, Stem, Foolscap, BuildStream,
#                         Pony, Jenkins Job Builder, Barman, firewalld, aiosmtpd, ARA, jupyter_server,
#                         exchangelib, M2Crypto, Trezor, matrix-nio, PRAW, Capirca, zigpy, PDM, Dynaconf,
#                         zc.buildout, labgrid, Selenium, ClusterShell, social-auth-core, pymodbus, binwalk,
#                         python-fido2, txtorcon, Junos PyEZ, YAQL, eyeD3, MongoEngine, Curator, pylxd, Pyro4,
#                         ykman, Certbot's Apache plugin, pex, rtslib and more: read by nobody until the
#                         default set and the preview rules, fixed after N, were measured on it.
#   heldout-corpus.sh p   OpenStack Freezer API and web UI, networking-l2gw, neutron-vpnaas-dashboard,
#                         os-xenapi, z/VM Cloud Connector and six clients; Azure CLI, PyCryptodome,
#                         py-postgresql, pysvn, Postorius's django-mailman3, GPGME's bindings, protobuf,
#                         pkg_resources, zope.testrunner/security/schema/component/configuration,
#                         pygit2, oscrypto, SQLGlot, python-can, Qpid Proton, webdav, xhtml2pdf, pymssql,
#                         StrictYAML, SQLObject, Haystack, clickhouse-driver, circuits, thriftpy, Thrift,
#                         asn1crypto, xdoctest, testfixtures, pyScss, django-mptt, treebeard, parler,
#                         import-export, Anymail, celery-beat, python-dbusmock, testrepository,
#                         proselint, Confluent Kafka, drf-spectacular, python3-saml, web.py and more: read
#                         by nobody until the default set and the preview rules, fixed after O, were
#                         measured on it.
set -euo pipefail
case "${1:-}" in
  c) pkgs="python3-cinder python3-keystone python3-django ansible-core python3-paramiko python3-twisted
           python3-tornado python3-celery"; probe=cinder ;;
  d) pkgs="python3-glance python3-heat python3-aiohttp python3-jinja2 python3-alembic python3-babel
           python3-fabric python3-invoke python3-gunicorn python3-pyramid"; probe=glance ;;
  e) pkgs="cloud-init python3-certbot python3-designate python3-barbican python3-mistral
           python3-oslo.messaging python3-docker meson duplicity python3-pytest python3-redis
           python3-pexpect python3-falcon beets"; probe=mesonbuild ;;
  f) pkgs="python3-magnum python3-trove python3-watcher python3-aodh python3-os-brick python3-taskflow
           python3-openstacksdk python3-eventlet python3-kazoo python3-cherrypy3 python3-poetry
           python3-dulwich glances borgbackup python3-gitlab python3-ansible-runner python3-plumbum
           mailman3 ranger python3-rq"; probe=magnum ;;
  g) pkgs="python3-ceilometer python3-zaqar python3-sushy python3-oslo.db python3-tooz python3-novaclient
           python3-openstackclient python3-ldap3 python3-dnspython python3-pymongo python3-bottle
           python3-virtualenv python3-psutil python3-jenkins python3-hvac python3-oauthlib python3-httpx
           python3-starlette python3-uvicorn python3-websockets python3-pika python3-kafka
           python3-elasticsearch python3-rich"; probe=ceilometer ;;
  h) pkgs="python3-os-ken python3-keystoneauth1 python3-keystonemiddleware python3-oslo.service
           python3-oslo.config python3-swiftclient python3-ironic-inspector python3-cloudkitty
           python3-masakari python3-vitrage python3-senlin python3-neutronclient fail2ban supervisor
           python3-breezy mitmproxy yt-dlp python3-ipython mkdocs pelican python3-libcloud
           python3-sentry-sdk python3-apscheduler tox python3-keyring python3-ncclient python3-peewee
           python3-trio python3-gevent streamlink xonsh"; probe=os_ken ;;
  i) pkgs="python3-oslo.log python3-oslo.utils python3-oslo.policy python3-glanceclient
           python3-cinderclient python3-heatclient python3-ironicclient python3-manilaclient
           python3-neutron-dynamic-routing python3-networking-bgpvpn python3-networking-sfc
           python3-ovsdbapp python3-os-vif python3-osc-lib python3-scapy python3-sympy python3-networkx
           python3-matplotlib python3-nltk python3-reportlab python3-pyasn1 python3-pysnmp4
           python3-impacket python3-bs4 python3-mako python3-markdown python3-pyftpdlib python3-waitress
           python3-webob python3-openpyxl python3-pyparsing python3-serial python3-pyroute2 python3-pecan
           python3-pysaml2 python3-sqlparse python3-jsonschema python3-pycparser python3-ply
           python3-statsmodels python3-seaborn python3-pyqtgraph"; probe=scapy ;;
  j) pkgs="python3-oslo.cache python3-oslo.middleware python3-oslo.privsep python3-oslo.rootwrap
           python3-oslo.serialization python3-oslo.vmware python3-futurist python3-stevedore python3-cliff
           python3-castellan python3-designateclient python3-octaviaclient python3-keystoneclient
           python3-pycadf python3-dogpile.cache python3-tenacity python3-requests-oauthlib
           python3-requests-toolbelt python3-html5lib python3-bleach python3-google-auth python3-s3transfer
           python3-pastedeploy python3-routes python3-webtest python3-zmq python3-arrow python3-tabulate
           python3-prettytable python3-cmd2 python3-prompt-toolkit python3-urwid python3-tqdm
           python3-coverage python3-testtools python3-fixtures python3-stestr python3-subunit
           python3-pycodestyle python3-pyflakes pylint python3-astroid python3-mypy black python3-isort
           python3-rope python3-jedi python3-parso"; probe=oslo_cache ;;
  k) pkgs="python3-placement python3-neutron-vpnaas python3-freezer python3-murano python3-sahara
           python3-gnocchi python3-django-horizon python3-os-win python3-octavia-lib python3-oslo.i18n
           python3-oslo.reports python3-oslo.versionedobjects python3-oslo.upgradecheck python3-osprofiler
           python3-automaton python3-pymemcache python3-ironic-lib python3-barbicanclient
           python3-troveclient python3-magnumclient python3-mistralclient python3-zaqarclient
           python3-gnocchiclient python3-boto3 python3-botocore python3-click python3-sh python3-cachetools
           python3-attr python3-marshmallow python3-pydantic python3-hypothesis python3-pymysql
           python3-asyncssh python3-zeroconf python3-netaddr python3-feedparser python3-fsspec python3-dask
           python3-autobahn python3-txaio python3-pyvmomi python3-ldap python3-debian python3-launchpadlib
           python3-lazr.restfulclient offlineimap3 python3-slixmpp python3-irc python3-wtforms python3-jwt
           python3-authlib python3-passlib python3-openssl python3-treq python3-sshtunnel python3-nose
           python3-mock python3-pbr python3-croniter python3-cotyledon python3-gnupg python3-consul
           python3-pyudev python3-requests-kerberos python3-flask-sqlalchemy python3-sqlalchemy-utils"; probe=placement ;;
  l) pkgs="python3-radicale python3-tempest exfalso python3-git python3-nbformat python3-nbconvert
           python3-jupyter-client python3-ipykernel
           python3-lxml python3-mistune python3-yaml python3-tomlkit python3-h11 python3-h2 python3-httplib2
           python3-dateutil python3-pendulum python3-docopt python3-argcomplete python3-colorama python3-blessed
           python3-mysqldb python3-memcache python3-packaging python3-wheel python3-build python3-pkginfo
           python3-apt python3-gssapi python3-secretstorage python3-jwcrypto python3-josepy python3-acme sqlmap
           terminator meld gajim quodlibet bleachbit ufw python3-flask-restful python3-glance-store
           python3-oslo.context python3-oslotest python3-watcherclient python3-aodhclient
           python3-senlinclient python3-vitrageclient python3-openstackdocstheme python3-jsonpatch
           python3-webcolors python3-cssutils python3-html2text python3-feedgenerator python3-markdown2
           python3-xmlsec python3-defusedxml python3-elementpath python3-xmlschema python3-zeep python3-suds
           python3-pyasn1-modules python3-rsa python3-ecdsa python3-cachecontrol python3-requests-cache
           python3-responses python3-httpretty python3-vcr python3-freezegun python3-factory-boy python3-nose2
           python3-behave python3-sure"; probe=radicale ;;
  m) pkgs="python3-neutron-taas python3-ovn-octavia-provider python3-os-traits python3-oslo.limit
           python3-oslo.metrics python3-osc-placement python3-zunclient python3-blazarclient python3-tackerclient
           python3-heat-dashboard python3-octavia-dashboard python3-manila-ui python3-designate-dashboard
           python3-cryptography python3-nacl python3-msgpack python3-simplejson python3-amqp python3-billiard
           python3-psycopg2 python3-xmltodict python3-netmiko python3-scp python3-winrm python3-pyinotify
           python3-watchdog python3-daemon python3-configobj python3-googleapi python3-uritemplate python3-genshi
           python3-chameleon python3-zope.interface python3-whoosh python3-jupyter-core python3-notebook
           python3-pil docker-compose python3-libvirt virtinst python3-dbus python3-xdg python3-distro
           python3-typer python3-polib python3-humanize python3-tz python3-tzlocal python3-icalendar
           python3-vobject python3-caldav python3-dpkt bpython python3-pudb python3-autopep8 python3-yapf
           flake8 python3-pydocstyle python3-bandit python3-doit scons python3-setuptools-scm python3-hatchling
           python3-distlib twine python3-readme-renderer python3-aiofiles python3-asyncpg python3-aiosqlite
           python3-uvloop python3-quart python3-fastapi python3-djangorestframework sosreport python3-reportbug
           git-buildpackage s3cmd rdiff-backup httpie pgcli mycli patroni qutebrowser electrum thonny"; probe=neutron_taas ;;
  n) pkgs="python3-masakariclient python3-trove-dashboard python3-magnum-ui python3-murano-dashboard
           python3-watcher-dashboard python3-zaqar-ui python3-cloudkitty-dashboard python3-os-service-types
           python3-os-client-config python3-reno python3-hacking python3-doc8 python3-migrate python3-beaker
           python3-webassets python3-flask-login python3-flask-babel python3-flask-migrate python3-flask-cors
           python3-flask-socketio python3-socketio python3-engineio python3-hypercorn python3-yarl python3-multidict
           python3-anyio python3-django-extensions python3-django-cors-headers python3-django-debug-toolbar
           python3-django-guardian python3-django-polymorphic python3-django-taggit python3-django-tables2
           python3-django-crispy-forms python3-django-compressor python3-oauth2client python3-boto yamllint
           python3-ruamel.yaml python3-toml python3-chardet python3-idna python3-mechanize python3-cssselect
           python3-parsel python3-w3lib python3-pyquery python3-pypdf python3-docx python3-xlrd python3-odf
           python3-tablib python3-mpmath python3-pint python3-distributed python3-toolz python3-cloudpickle
           python3-joblib python3-colorlog python3-coloredlogs python3-humanfriendly python3-structlog
           python3-logbook python3-statsd python3-prometheus-client python3-influxdb python3-whisper
           python3-schedule deluge-common gramps picard gpodder solaar visidata getmail6 alot khal khard
           vdirsyncer todoman buku toot gallery-dl mopidy git-cola tortoisehg python3-software-properties
           python3-mitogen"; probe=masakariclient ;;
  o) pkgs="python3-pwntools python3-searx python3-datalad python3-cylc python3-mapproxy python3-hug
           python3-translate python3-beancount python3-telethon python3-django-allauth
           python3-django-postorius python3-django-hyperkitty python3-logilab-common python3-ipaclient
           python3-ipalib python3-securesystemslib python3-sepolgen python3-rally-openstack python3-rally
           python3-proliantutils python3-openvswitch python3-dialog python3-spyder python3-pcbasic
           python3-flasgger python3-schema-salad python3-stdnum python3-plastex python3-locust python3-lib389
           python3-diskimage-builder python3-exabgp python3-softlayer python3-spyne python3-pykmip
           python3-python-telegram-bot python3-transitions python3-aioxmpp python3-stem python3-foolscap
           python3-buildstream python3-pony python3-jenkins-job-builder python3-django-q python3-github
           python3-networking-bagpipe python3-barman python3-firewall python3-flask-security python3-rt
           python3-aiosmtpd python3-ara python3-jupyter-server python3-exchangelib python3-b2sdk
           python3-m2crypto python3-lexicon python3-pykka python3-trezor python3-matrix-nio python3-nbxmpp
           python3-wokkel python3-praw python3-capirca python3-zigpy python3-pdm python3-dynaconf
           python3-pywws python3-pynag python3-zc.buildout python3-labgrid python3-guessit python3-tweepy
           python3-selenium python3-boltons python3-clustershell python3-social-auth-core python3-pymodbus
           python3-binwalk python3-fido2 python3-txtorcon python3-junos-eznc python3-yaql python3-eyed3
           python3-mongoengine python3-elasticsearch-curator python3-pylxd python3-pyeapi python3-pyro4
           python3-internetarchive python3-masakari-monitors python3-ykman python3-certbot-apache
           python3-construct python3-mwparserfromhell python3-cleo python3-pex python3-rtslib-fb
           python3-hcloud python3-irodsclient python3-ilorest"; probe=datalad ;;
  p) pkgs="python3-azure-cli python3-azure-cli-core python3-pycryptodome python3-postgresql python3-svn
           python3-django-mailman3 python3-nbgitpuller python3-haproxy-log-analysis python3-zvmcloudconnector
           python3-gpg python3-django-graphene python3-django-contrib-comments python3-protobuf
           python3-flask-silk python3-pkg-resources python3-zope.testrunner python3-pygit2 python3-oscrypto
           python3-sqlglot python3-can python3-gpapi python3-freezer-api python3-qpid-proton
           python3-networking-l2gw python3-mailmanclient python3-css-parser python3-saharaclient
           python3-webdav python3-django-cas-server python3-xhtml2pdf python3-muranoclient python3-pymssql
           python3-strictyaml python3-flask-peewee python3-sqlobject python3-django-haystack
           python3-zope.security python3-clickhouse-driver python3-circuits python3-freezer-web-ui
           python3-thriftpy python3-asn1crypto python3-django-recurrence python3-pyaxmlparser
           python3-xdoctest python3-dracclient python3-karborclient python3-testfixtures python3-pyscss
           python3-django-formtools python3-neutron-vpnaas-dashboard python3-html5-parser
           python3-click-package python3-scciclient python3-django-mptt python3-dbusmock python3-zope.schema
           python3-testrepository python3-os-xenapi python3-thrift python3-proselint python3-django-sitetree
           python3-django-treebeard python3-clikit python3-confluent-kafka
           python3-djangorestframework-spectacular python3-zope.configuration python3-onelogin-saml2
           python3-django-import-export python3-django-anymail python3-click-didyoumean
           python3-zope.component python3-buildlog-consultant python3-django-celery-beat
           python3-django-parler python3-cloudkittyclient python3-webpy"; probe=pygit2 ;;
  *) echo "usage: heldout-corpus.sh c|d|e|f|g|h|i|j|k|l|m|n|o|p" >&2; exit 2 ;;
esac
dir="$HOME/.cache/pyreview-corpus-$1"
out="$dir/root/usr/lib/python3/dist-packages"
if [ ! -d "$out/$probe" ]; then
  mkdir -p "$dir/debs"
  ( cd "$dir/debs"
    if ! apt-get download $pkgs >/dev/null 2>&1; then
      apt-get update >/dev/null 2>&1
      apt-get download $pkgs >/dev/null
    fi )
  for f in "$dir"/debs/*.deb; do dpkg -x "$f" "$dir/root"; done
  # beets keeps its modules under /usr/share/beets: beside the others, as a project folder each
  for m in beets beetsplug; do
    if [ -d "$dir/root/usr/share/beets/$m" ]; then cp -r "$dir/root/usr/share/beets/$m" "$out/$m"; fi
  done
  # OfflineIMAP keeps its package under /usr/share/offlineimap3: beside the others, as beets
  if [ -d "$dir/root/usr/share/offlineimap3/offlineimap" ]; then
    cp -r "$dir/root/usr/share/offlineimap3/offlineimap" "$out/offlineimap"
  fi
  # applications kept under /usr/share/<app> (sqlmap, BleachBit): each a project folder of its own
  if [ "$1" = l ] || [ "$1" = m ] || [ "$1" = n ]; then
    for app in sqlmap bleachbit virt-manager; do
      if [ -d "$dir/root/usr/share/$app" ] && [ ! -e "$out/$app" ]; then cp -r "$dir/root/usr/share/$app" "$out/$app"; fi
    done
  fi
  # applications kept outside dist-packages (Picard, alot, Solaar): their packages beside the others
  if [ "$1" = n ]; then
    for src in lib/picard/picard share/alot/alot share/solaar/lib/solaar share/solaar/lib/logitech_receiver \
               share/solaar/lib/hidapi share/solaar/lib/keysyms; do
      if [ -d "$dir/root/usr/$src" ] && [ ! -e "$out/$(basename "$src")" ]; then cp -r "$dir/root/usr/$src" "$out/"; fi
    done
  fi
fi
echo "$out"
