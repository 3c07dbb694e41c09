"""When each BranchPress plugin acts: the order of the pipeline, written down once.

MkDocs calls a plugin's handler for an event in the order of `event_priority`
(higher first), then in the order of `plugins:` in mkdocs.yml. Every BranchPress
handler whose order matters takes its priority from here.

| event | priority | plugin | why then |
|---|---|---|---|
| on_config | (list order) | records first | settings every other plugin's `on_config` may read |
| on_files | 100 | records | loads the roster and the store (public views of records), checks pages; all later steps read it |
| on_files | 90 | images | processes photos before anything shows one |
| on_files | 20 | share | starts rendering cards and posters in worker processes while MkDocs renders pages |
| on_files | -40 | brand, volunteers, feeds, reports, portal | add their generated pages, so that the nav can link them (portal: after fetching members' feeds) |
| on_files | -50 | pages | adds the listings and builds the nav from every page added so far; joins the stylesheets every plugin added (the brand's too) into the one BranchPress stylesheet |
| on_nav | -100 | records | in `mkdocs serve`, decides which pages to render, after every plugin signed its pages |
| on_page_markdown | -90 | search | sees each page's final `search` meta (listings exclude themselves) |
| on_page_content | 50 | images | turns body photos into `<picture>` before mkdocs-glightbox wraps plain images |
| on_page_markdown | 10 | portal | gives the home page the portal's template before pages would give it the branch's |
| on_page_context | -10 | volunteers | after pages has put `bp` into the context |
| on_env | -100 | reports | every page's Markdown (staff's report text too) is rendered and every plugin's globals are set: writes each year's print document and starts printing the new ones side by side in worker processes while MkDocs renders the pages |
| on_post_page | (list order) | reports | a year whose page was not read before on_env gets its print document, and printing starts |
| on_page_content | -1000 | records | last: keeps what the next `mkdocs build` needs of the page, or gives a kept page its body back |
| on_post_page | -100 | records | no withheld name leaves in a page, whatever its template or mkdocs.yml put into it |
| on_post_page | -1000 | records | a page kept from the last `mkdocs build` gets its HTML back (records/replay.py) |
| on_post_page | -1100 | material | last: reads the classes of the page as it is written, for trimming Material's stylesheet |
| on_post_build | -50 | search | after Material's search plugin wrote the index it rewrites |
| on_post_build | -200 | material | trims Material's stylesheet to the classes every page and script written uses |
| on_post_build | -300 | reports | waits for the PDFs (placed through the writer), after search and material did their work while the workers printed |
| on_post_build | -1000 | records | last: saves what the next `mkdocs build` can keep (render keys, page data, digests of the files written) |

Files other than pages are written through one writer (`adapter.Outputs`), which
refuses a second producer of a path and any output that spells a withheld name.
"""

LOAD_RECORDS = 100
PROCESS_PHOTOS = 90
START_SHARE_IMAGES = 20
ADD_PAGES = -40
BUILD_NAV = -50
PLAN_RENDER = -100
INDEX_SEARCH = -90
BODY_PHOTOS = 50
PAGE_CONTEXT = -10
PORTAL_HOME = 10
GUARD_PAGES = -100
KEEP_PAGES = -1000
READ_CLASSES = -1100
REMEMBER_BUILD = -1000
WRITE_SEARCH_INDEX = -50
TRIM_STYLESHEET = -200
COLLECT_PRINTS = -300
START_PRINTING = -100
