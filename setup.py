"nbdev 2 setup.py: all metadata comes from settings.ini (no pkg_resources, builds with current setuptools)."
from configparser import ConfigParser
from pathlib import Path
import setuptools

cfg_path = Path(__file__).parent/'settings.ini'
config = ConfigParser(delimiters=['='])
config.read(cfg_path, encoding='utf-8')
cfg = config['DEFAULT']

expected = ('version description keywords author author_email license status min_python audience language '
            'lib_name user').split()
missing = [o for o in expected if o not in cfg]
if missing: raise SystemExit(f'settings.ini is missing: {missing}')

licenses = {'apache2': 'Apache-2.0', 'mit': 'MIT'}  # SPDX expressions (license classifiers are deprecated)
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable', '6 - Mature', '7 - Inactive']
py_versions = '3.10 3.11 3.12 3.13'.split()

def reqs(key): return cfg.get(key, '').split()

lic = licenses.get(cfg['license'].lower(), cfg['license'])
min_python = cfg['min_python']
extras = {k[:-len('_requirements')]: reqs(k) for k in cfg if k.endswith('_requirements') and k != 'dev_requirements'}
extras['dev'] = reqs('dev_requirements')
extras['all'] = sorted({r for k, v in extras.items() if k != 'dev' for r in v})
readme = Path(__file__).parent/'README.md'

setuptools.setup(
    name=cfg['lib_name'].replace('_', '-'),
    license=lic,
    classifiers=['Development Status :: ' + statuses[int(cfg['status'])],
                 'Intended Audience :: ' + cfg['audience'].title(),
                 'Natural Language :: ' + cfg['language'].title()] +
                ['Programming Language :: Python :: ' + o for o in py_versions[py_versions.index(min_python):]],
    url=cfg['git_url'],
    packages=setuptools.find_packages(include=[cfg['lib_name'], cfg['lib_name'] + '.*']),
    include_package_data=True,
    install_requires=reqs('requirements'),
    extras_require=extras,
    dependency_links=cfg.get('dep_links', '').split(),
    python_requires='>=' + min_python,
    long_description=readme.read_text(encoding='utf-8') if readme.exists() else cfg['description'],
    long_description_content_type='text/markdown',
    zip_safe=False,
    entry_points={'console_scripts': cfg.get('console_scripts', '').split(),
                  'nbdev': [f"{cfg.get('lib_path')}={cfg.get('lib_path')}._modidx:d"]},
    version=cfg['version'], description=cfg['description'], keywords=cfg['keywords'],
    author=cfg['author'], author_email=cfg['author_email'],
)
